package dev.billing.notification.dispute;

import dev.billing.events.invoice.InvoiceIssued;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the dispute messages say about their invoice: its number, kept from {@code InvoiceIssued}, since the dispute
 * events name the invoice by id only (every one of them names it: {@code DisputeMessagePosted} without an
 * {@code invoiceId} is refused as invalid by {@link NotifyingAboutDisputes}).
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

    /** The invoice's number; its id for an invoice issued before the numbers were kept. */
    String number(UUID invoiceId) {
        return jdbc.sql("select number from invoice_number where invoice_id = ?").param(invoiceId).query(String.class).optional()
                .orElse(invoiceId.toString());
    }
}
