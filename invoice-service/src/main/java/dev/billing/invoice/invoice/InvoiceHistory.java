package dev.billing.invoice.invoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What happened to an invoice, oldest first, read from where each step is recorded: the invoice's own
 * timestamps (created, issued, overdue, paid, cancelled), every payment, refund and credit applied to it,
 * its credit notes and its attachments. One set-based query, so nothing else has to keep a second copy. A payment's
 * or refund's amount is what was paid or refunded (an overpayment's excess went to the customer's credit).
 * PAID is the time the invoice became paid and is gone again if a refund reopened it (the refund is listed).
 */
@Repository
public class InvoiceHistory {
    private final JdbcClient jdbc;

    InvoiceHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One step: what ({@code CREATED}, {@code ISSUED}, {@code PAYMENT}, ...), when, an amount if any, and its reference. */
    public record Step(String event, Instant at, BigDecimal amount, String reference) {
    }

    public List<Step> of(UUID invoiceId) {
        return jdbc.sql("""
                        select event, at, amount, reference from (
                            select 0 as rank, 'CREATED' as event, created_at as at, null::numeric as amount, null as reference
                                from invoice where id = :id
                            union all select 1, 'ISSUED', issued_at, total, number from invoice where id = :id and issued_at is not null
                            union all select 2, 'OVERDUE', overdue_at, null, null from invoice where id = :id and overdue_at is not null
                            union all select 3, kind, applied_at, amount, payment_id::text from payment_application where invoice_id = :id
                            union all select 3, 'CREDIT_NOTE', created_at, amount, number from credit_note where invoice_id = :id
                            union all select 3, 'ATTACHMENT', created_at, null, filename from invoice_attachment where invoice_id = :id
                            union all select 4, 'PAID', paid_at, null, null from invoice where id = :id and paid_at is not null
                            union all select 5, 'CANCELLED', cancelled_at, null, storno_number from invoice
                                where id = :id and cancelled_at is not null
                        ) steps order by at, rank, event, reference""")
                .param("id", invoiceId)
                .query((rs, n) -> new Step(rs.getString("event"), rs.getTimestamp("at").toInstant(), rs.getBigDecimal("amount"),
                        rs.getString("reference")))
                .list();
    }
}
