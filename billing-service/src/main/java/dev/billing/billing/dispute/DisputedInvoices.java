package dev.billing.billing.dispute;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invoices under dispute, and the overdue that came for one meanwhile (see V5__disputed_invoices.sql). */
@Repository
public class DisputedInvoices {
    private final JdbcClient jdbc;

    public DisputedInvoices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An invoice that became overdue while disputed: its number, currency and what is open of it now. */
    public record Held(UUID invoiceId, UUID customerId, String number, String currency, BigDecimal openAmount) {
    }

    /** The invoice is disputed by {@code disputeId} (a later dispute on it takes over the row, keeping a held overdue). */
    public void opened(UUID invoiceId, UUID disputeId, UUID customerId, Instant at) {
        jdbc.sql("""
                        insert into disputed_invoice (invoice_id, dispute_id, customer_id, disputed_at)
                        values (:invoice, :dispute, :customer, :at)
                        on conflict (invoice_id) do update set dispute_id = excluded.dispute_id, disputed_at = excluded.disputed_at""")
                .param("invoice", invoiceId).param("dispute", disputeId).param("customer", customerId)
                .param("at", Timestamp.from(at)).update();
    }

    /** Whether the invoice is disputed now; locks its row until the transaction ends. */
    public boolean lockDisputed(UUID invoiceId) {
        return jdbc.sql("select 1 from disputed_invoice where invoice_id = :id for update").param("id", invoiceId)
                .query(Integer.class).optional().isPresent();
    }

    /** Keeps the overdue of a disputed invoice for the dispute's end. */
    public void holdOverdue(UUID invoiceId, String number, String currency, BigDecimal openAmount) {
        jdbc.sql("update disputed_invoice set overdue_number = :number, currency = :currency, open_amount = :open where invoice_id = :id")
                .param("number", number).param("currency", currency).param("open", openAmount).param("id", invoiceId).update();
    }

    /** What is open of a disputed invoice changed (a payment, credit note, refund or storno); others are none of ours. */
    public void openAmount(UUID invoiceId, BigDecimal openAmount) {
        openAmount(List.of(invoiceId), openAmount);
    }

    /** {@link #openAmount(UUID, BigDecimal)} of many invoices in one statement (a batch of them paid). */
    public void openAmount(List<UUID> invoiceIds, BigDecimal openAmount) {
        jdbc.sql("update disputed_invoice set open_amount = :open where invoice_id = any(:ids::uuid[])")
                .param("open", openAmount).param("ids", invoiceIds.toArray(UUID[]::new)).update();
    }

    /**
     * The dispute {@code disputeId} of the invoice ended: the invoice is no longer disputed. Answers the held overdue, if
     * one came meanwhile; nothing when the row belongs to another dispute (or none).
     */
    public Optional<Optional<Held>> ended(UUID invoiceId, UUID disputeId) {
        return jdbc.sql("""
                        delete from disputed_invoice where invoice_id = :id and dispute_id = :dispute
                        returning invoice_id, customer_id, overdue_number, currency, open_amount""")
                .param("id", invoiceId).param("dispute", disputeId)
                .query((rs, n) -> rs.getString("overdue_number") == null ? Optional.<Held>empty()
                        : Optional.of(new Held(rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class),
                                rs.getString("overdue_number"), rs.getString("currency"), rs.getBigDecimal("open_amount"))))
                .optional();
    }
}
