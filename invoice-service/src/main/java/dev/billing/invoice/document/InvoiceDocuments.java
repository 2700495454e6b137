package dev.billing.invoice.document;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceDocumentRendered;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import dev.billing.support.events.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An invoice's PDFs: the stored one when there is one, otherwise rendered now and stored, so a
 * download never waits for the background renderer and every later download gets the same bytes.
 * Nothing here runs inside the issuing or cancelling transaction. A document is stored together with its
 * {@code InvoiceDocumentRendered}, which carries it to the email that attaches it.
 */
@Service
public class InvoiceDocuments {
    /**
     * A larger PDF is not carried by its event: its email links to it. Kafka takes 1 MB a message and base64 adds a third;
     * well below that, so that no announcement is set aside by the relay (which would hold back the customer's later
     * documents behind it).
     */
    static final int MAX_CARRIED_BYTES = 256 * 1024;
    private final StoredDocuments stored;
    private final InvoicePdf pdf;
    private final Clock clock;
    private final Invoices invoices;
    private final Outbox outbox;
    private final TransactionTemplate transactions;

    public InvoiceDocuments(StoredDocuments stored, InvoicePdf pdf, Clock clock, Invoices invoices, Outbox outbox,
                            TransactionTemplate transactions) {
        this.invoices = invoices;
        this.outbox = outbox;
        this.transactions = transactions;
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
        if (Boolean.TRUE.equals(transactions.execute(status -> storeAndAnnounce(invoice, kind, content)))) {
            return content;
        }
        // rendered at the same moment elsewhere: hand out the copy that was kept
        return stored.find(invoice.id(), kind).orElse(content);
    }

    private boolean storeAndAnnounce(Invoice invoice, DocumentKind kind, byte[] content) {
        if (!stored.store(invoice.id(), kind, content, clock.instant())) {
            return false;
        }
        String number = kind == DocumentKind.INVOICE ? invoice.number() : invoice.stornoNumber();
        outbox.add(EventCatalog.INVOICE_DOCUMENT_RENDERED, invoice.customerId(), "invoice/" + invoice.id(),
                new InvoiceDocumentRendered(invoice.id(), invoice.customerId(), kind.name(), number, number + ".pdf",
                        content.length <= MAX_CARRIED_BYTES ? content : null, clock.instant()));
        return true;
    }

    private LocalDate stornoDate(Invoice invoice) {
        ZoneId zone = ZoneId.of(invoice.billTo().timeZone());
        return stored.cancelledAt(invoice.id()).map(at -> LocalDate.ofInstant(at, zone))
                .orElseGet(() -> LocalDate.now(clock.withZone(zone)));
    }
}
