package dev.billing.invoice.document;

import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Service;

/**
 * An invoice's PDFs: the stored one when there is one, otherwise rendered now and stored, so a
 * download never waits for the background renderer and every later download gets the same bytes.
 * Nothing here runs inside the issuing or cancelling transaction.
 */
@Service
public class InvoiceDocuments {
    private final StoredDocuments stored;
    private final InvoicePdf pdf;
    private final Clock clock;
    private final Invoices invoices;

    public InvoiceDocuments(StoredDocuments stored, InvoicePdf pdf, Clock clock, Invoices invoices) {
        this.invoices = invoices;
        this.stored = stored;
        this.pdf = pdf;
        this.clock = clock;
    }

    /** The document of an issued invoice; for STORNO the invoice must be cancelled. */
    public byte[] get(Invoice invoice, DocumentKind kind) {
        if (invoice.number() == null) {
            throw new IllegalArgumentException("A draft has no document: invoice " + invoice.id());
        }
        if (kind == DocumentKind.STORNO && (invoice.status() != InvoiceStatus.CANCELLED || invoice.stornoNumber() == null)) {
            throw new IllegalArgumentException("Invoice " + invoice.number() + " is not cancelled");
        }
        return stored.find(invoice.id(), kind).orElseGet(() -> renderAndStore(invoice, kind));
    }

    private byte[] renderAndStore(Invoice invoice, DocumentKind kind) {
        byte[] content = kind == DocumentKind.INVOICE ? pdf.invoice(invoice) : pdf.storno(invoice, stornoDate(invoice),
                invoices.creditedPerRate(invoice.id()));
        if (stored.store(invoice.id(), kind, content, clock.instant())) {
            return content;
        }
        // rendered at the same moment elsewhere: hand out the copy that was kept
        return stored.find(invoice.id(), kind).orElse(content);
    }

    private LocalDate stornoDate(Invoice invoice) {
        ZoneId zone = ZoneId.of(invoice.billTo().timeZone());
        return stored.cancelledAt(invoice.id()).map(at -> LocalDate.ofInstant(at, zone))
                .orElseGet(() -> LocalDate.now(clock.withZone(zone)));
    }
}
