package dev.billing.invoice.document;

import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.support.web.ApiProblem;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An invoice's documents: {@code GET /api/invoices/{id}/pdf}, {@code /storno.pdf} (once cancelled)
 * and {@code /ubl} (UBL-TR e-invoice XML). A draft has none of them yet: 409.
 */
@RestController
@RequestMapping("/api/invoices/{id}")
public class InvoiceDocumentController {
    private final Invoices invoices;
    private final InvoiceDocuments documents;
    private final UblInvoice ubl;

    public InvoiceDocumentController(Invoices invoices, InvoiceDocuments documents, UblInvoice ubl) {
        this.invoices = invoices;
        this.documents = documents;
        this.ubl = ubl;
    }

    @GetMapping("/pdf")
    public ResponseEntity<byte[]> pdf(@PathVariable UUID id) {
        Invoice invoice = issued(id);
        return inline(documents.get(invoice, DocumentKind.INVOICE), MediaType.APPLICATION_PDF, invoice.number() + ".pdf");
    }

    @GetMapping("/storno.pdf")
    public ResponseEntity<byte[]> storno(@PathVariable UUID id) {
        Invoice invoice = issued(id);
        if (invoice.status() != InvoiceStatus.CANCELLED || invoice.stornoNumber() == null) {
            throw ApiProblem.conflict("status", "only a cancelled invoice has a storno document; this invoice is "
                    + invoice.status());
        }
        return inline(documents.get(invoice, DocumentKind.STORNO), MediaType.APPLICATION_PDF,
                invoice.stornoNumber() + ".pdf");
    }

    @GetMapping("/ubl")
    public ResponseEntity<byte[]> ubl(@PathVariable UUID id) {
        Invoice invoice = issued(id);
        return inline(ubl.xml(invoice), MediaType.APPLICATION_XML, invoice.number() + ".xml");
    }

    private Invoice issued(UUID id) {
        Invoice invoice = invoices.find(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
        if (invoice.number() == null) {
            throw ApiProblem.conflict("status", "a draft (" + invoice.status()
                    + ") has no documents until it is issued");
        }
        return invoice;
    }

    private static ResponseEntity<byte[]> inline(byte[] content, MediaType type, String filename) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(content);
    }
}
