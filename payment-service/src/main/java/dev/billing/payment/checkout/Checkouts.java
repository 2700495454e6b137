package dev.billing.payment.checkout;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Checkouts and what each pays of which invoice. */
@Repository
public class Checkouts {
    private final JdbcClient jdbc;

    Checkouts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Checkout(UUID id, UUID customerId, String provider, String currency, BigDecimal amount, String status,
                           String providerReference, String failure, String returnUrl, Instant createdAt, Instant completedAt,
                           boolean saveCard) {
    }

    public record Part(UUID invoiceId, BigDecimal amount) {
    }

    public void add(Checkout checkout, List<Part> parts) {
        jdbc.sql("""
                        insert into checkout (id, customer_id, provider, currency, amount, status, return_url, created_at, save_card)
                        values (:id, :customer, :provider, :currency, :amount, 'OPEN', :returnUrl, :at, :saveCard)""")
                .param("id", checkout.id()).param("customer", checkout.customerId()).param("provider", checkout.provider())
                .param("currency", checkout.currency()).param("amount", checkout.amount()).param("returnUrl", checkout.returnUrl())
                .param("at", Timestamp.from(checkout.createdAt())).param("saveCard", checkout.saveCard())
                .update();
        for (int i = 0; i < parts.size(); i++) {
            jdbc.sql("insert into checkout_invoice (checkout_id, invoice_id, position, amount) values (:checkout, :invoice, :position, :amount)")
                    .param("checkout", checkout.id()).param("invoice", parts.get(i).invoiceId()).param("position", i)
                    .param("amount", parts.get(i).amount())
                    .update();
        }
    }

    public Optional<Checkout> find(UUID id) {
        return jdbc.sql("select * from checkout where id = :id").param("id", id).query(Checkouts::map).optional();
    }

    /** The checkout, locked until the transaction ends: its outcome is recorded once. */
    public Optional<Checkout> lock(UUID id) {
        return jdbc.sql("select * from checkout where id = :id for update").param("id", id).query(Checkouts::map).optional();
    }

    public List<Part> parts(UUID checkoutId) {
        return jdbc.sql("select invoice_id, amount from checkout_invoice where checkout_id = :id order by position")
                .param("id", checkoutId).query((rs, n) -> new Part(rs.getObject("invoice_id", UUID.class), rs.getBigDecimal("amount")))
                .list();
    }

    /** Paid: {@code collected} is what the provider took (the checkout's amount, or more with instalment interest). */
    public void paid(UUID id, String transactionId, BigDecimal collected, Instant at) {
        jdbc.sql("update checkout set status = 'PAID', provider_reference = :reference, collected_amount = :collected, completed_at = :at where id = :id")
                .param("reference", transactionId).param("collected", collected).param("at", Timestamp.from(at)).param("id", id).update();
    }

    public void failed(UUID id, String transactionId, String failure, Instant at) {
        decided(id, "FAILED", transactionId, failure, at);
    }

    /** The provider's books and ours disagree: nothing is recorded, and the reconciliation leaves it to a person. */
    public void mismatched(UUID id, String transactionId, String failure, Instant at) {
        decided(id, "MISMATCH", transactionId, failure, at);
    }

    private void decided(UUID id, String status, String transactionId, String failure, Instant at) {
        jdbc.sql("update checkout set status = :status, provider_reference = :reference, failure = :failure, completed_at = :at where id = :id")
                .param("status", status).param("reference", transactionId).param("failure", failure).param("at", Timestamp.from(at))
                .param("id", id).update();
    }

    /**
     * Checkouts still OPEN that began before {@code before} (their callback may never come) and were not asked about since
     * {@code askedBefore}, the longest unasked first.
     */
    public List<Checkout> openSince(Instant before, Instant askedBefore, int limit) {
        return jdbc.sql("""
                        select * from checkout where status = 'OPEN' and created_at < :before
                          and (reconciled_at is null or reconciled_at < :askedBefore)
                        order by coalesce(reconciled_at, created_at), id limit :limit""")
                .param("before", Timestamp.from(before)).param("askedBefore", Timestamp.from(askedBefore)).param("limit", limit)
                .query(Checkouts::map).list();
    }

    /** The provider was asked about it now. */
    public void asked(UUID id, Instant at) {
        jdbc.sql("update checkout set reconciled_at = :at where id = :id").param("at", Timestamp.from(at)).param("id", id).update();
    }

    /**
     * A checkout of this customer that pays any of these invoices and is under way: OPEN and begun since {@code since}, or
     * paid (or in doubt) since then, which the invoice copies may not show yet.
     */
    public Optional<Checkout> underWay(UUID customerId, List<UUID> invoiceIds, Instant since) {
        return jdbc.sql("""
                        select c.* from checkout c where c.customer_id = :customer
                          and ((c.status = 'OPEN' and c.created_at >= :since) or (c.status in ('PAID', 'MISMATCH') and c.completed_at >= :since))
                          and exists (select 1 from checkout_invoice i where i.checkout_id = c.id and i.invoice_id = any(:invoices))
                        order by c.created_at desc limit 1""")
                .param("customer", customerId).param("since", Timestamp.from(since)).param("invoices", invoiceIds.toArray(new UUID[0]))
                .query(Checkouts::map).optional();
    }

    private static Checkout map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp completed = rs.getTimestamp("completed_at");
        return new Checkout(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("provider"),
                rs.getString("currency"), rs.getBigDecimal("amount"), rs.getString("status"), rs.getString("provider_reference"),
                rs.getString("failure"), rs.getString("return_url"), rs.getTimestamp("created_at").toInstant(),
                completed == null ? null : completed.toInstant(), rs.getBoolean("save_card"));
    }
}
