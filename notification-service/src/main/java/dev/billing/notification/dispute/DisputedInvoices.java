package dev.billing.notification.dispute;

import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.invoice.InvoiceIssued;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the dispute messages say about their invoice: its number (kept from {@code InvoiceIssued}, since the dispute
 * events name the invoice by id only) and each dispute's invoice (from {@code DisputeOpened}, for the later events of
 * the dispute that do not name it).
 */
@Repository
public class DisputedInvoices {
    private final JdbcClient jdbc;

    DisputedInvoices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void issued(InvoiceIssued invoice) {
        jdbc.sql("insert into invoice_number (invoice_id, customer_id, number) values (?, ?, ?) on conflict do nothing")
                .param(invoice.invoiceId()).param(invoice.customerId()).param(invoice.number()).update();
    }

    void opened(DisputeOpened dispute) {
        jdbc.sql("insert into dispute_invoice (dispute_id, invoice_id, customer_id) values (?, ?, ?) on conflict do nothing")
                .param(dispute.disputeId()).param(dispute.invoiceId()).param(dispute.customerId()).update();
    }

    /** The invoice's number; its id for an invoice issued before the numbers were kept. */
    String number(UUID invoiceId) {
        return jdbc.sql("select number from invoice_number where invoice_id = ?").param(invoiceId).query(String.class).optional()
                .orElse(invoiceId.toString());
    }

    /** The dispute's invoice: {@code named} if the event names it, else the one its {@code DisputeOpened} named. */
    UUID invoiceOf(UUID disputeId, UUID named) {
        if (named != null) {
            return named;
        }
        // DisputeOpened comes first: the same topic and key (the customer)
        return jdbc.sql("select invoice_id from dispute_invoice where dispute_id = ?").param(disputeId).query(UUID.class).optional()
                .orElseThrow(() -> new IllegalStateException("dispute " + disputeId + " names no invoice and was not opened here"));
    }
}
