package dev.billing.payment.automatic;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The automatic charging of each invoice with its customer's saved card, and the invoices that may be due for an attempt. */
@Repository
public class AutomaticCharges {
    static final String SCHEDULED = "SCHEDULED";
    static final String CHARGING = "CHARGING";
    static final String PAID = "PAID";
    static final String HARD_DECLINED = "HARD_DECLINED";
    static final String GAVE_UP = "GAVE_UP";
    private final JdbcClient jdbc;

    AutomaticCharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Charge(UUID id, UUID invoiceId, UUID customerId, UUID cardId, String currency, BigDecimal amount,
                         LocalDate firstAttemptOn, int failedAttempts, String status, LocalDate nextAttemptOn, UUID attemptKey,
                         String lastFailure, UUID paymentId, Instant updatedAt) {
    }

    /** An open, undisputed invoice of a customer with an active card, due by {@code latest}, with its charge so far (or none). */
    record Candidate(UUID invoiceId, String timeZone, LocalDate dueDate, LocalDate nextAttemptOn, String chargeStatus, UUID chargeCardId,
                     UUID cardId) {
        /** Where the keyset paging of {@link #candidates} goes on after this one. */
        LocalDate sortDate() {
            return nextAttemptOn != null ? nextAttemptOn : dueDate;
        }
    }

    /**
     * Invoices that may be due for an attempt by {@code latest} (the furthest calendar day any time zone has reached):
     * never charged, due for a retry, or whose charge ended with a card the customer has since replaced. Paged by
     * {@code (sortDate, invoiceId)} after the given one.
     */
    List<Candidate> candidates(LocalDate latest, LocalDate afterDate, UUID afterInvoice, int limit) {
        return jdbc.sql("""
                        select i.invoice_id, i.time_zone, i.due_date, a.next_attempt_on, a.status as charge_status, a.card_id as charge_card,
                               c.id as card_id
                        from invoice_copy i
                        join saved_card c on c.customer_id = i.customer_id and c.status = 'ACTIVE'
                        left join automatic_charge a on a.invoice_id = i.invoice_id
                        where i.status in ('ISSUED', 'PARTIALLY_PAID') and i.open_amount > 0 and not i.disputed and i.due_date <= :latest
                          and (a.id is null
                               or (a.status = 'SCHEDULED' and a.next_attempt_on <= :latest)
                               or (a.status in ('STOPPED', 'HARD_DECLINED', 'GAVE_UP') and a.card_id <> c.id))
                          and (coalesce(a.next_attempt_on, i.due_date), i.invoice_id) > (:afterDate, :afterInvoice)
                        order by coalesce(a.next_attempt_on, i.due_date), i.invoice_id
                        limit :limit""")
                .param("latest", latest).param("afterDate", afterDate).param("afterInvoice", afterInvoice).param("limit", limit)
                .query((rs, n) -> new Candidate(rs.getObject("invoice_id", UUID.class), rs.getString("time_zone"),
                        rs.getObject("due_date", LocalDate.class), rs.getObject("next_attempt_on", LocalDate.class),
                        rs.getString("charge_status"), rs.getObject("charge_card", UUID.class), rs.getObject("card_id", UUID.class)))
                .list();
    }

    /** Attempts sent to a provider whose answer was not recorded (it could not be reached, or the service stopped). */
    List<Charge> underWay(int limit) {
        return jdbc.sql("select * from automatic_charge where status = 'CHARGING' order by updated_at, id limit :limit")
                .param("limit", limit).query(AutomaticCharges::map).list();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Charge> lockOf(UUID invoiceId) {
        return jdbc.sql("select * from automatic_charge where invoice_id = :id for update").param("id", invoiceId)
                .query(AutomaticCharges::map).optional();
    }

    /** An attempt begins: the charge is CHARGING under a new key (a first attempt, a retry, or a start over with another card). */
    @Transactional(propagation = Propagation.MANDATORY)
    void charging(UUID id, UUID invoiceId, UUID customerId, UUID cardId, String currency, BigDecimal amount, LocalDate firstAttemptOn,
                  int failedAttempts, UUID attemptKey, Instant at) {
        jdbc.sql("""
                        insert into automatic_charge (id, invoice_id, customer_id, card_id, currency, amount, first_attempt_on, failed_attempts,
                            status, attempt_key, updated_at)
                        values (:id, :invoice, :customer, :card, :currency, :amount, :first, :failed, 'CHARGING', :key, :at)
                        on conflict (invoice_id) do update set card_id = excluded.card_id, amount = excluded.amount,
                            first_attempt_on = excluded.first_attempt_on, failed_attempts = excluded.failed_attempts, status = 'CHARGING',
                            next_attempt_on = null, attempt_key = excluded.attempt_key, updated_at = excluded.updated_at""")
                .param("id", id).param("invoice", invoiceId).param("customer", customerId).param("card", cardId).param("currency", currency)
                .param("amount", amount).param("first", firstAttemptOn).param("failed", failedAttempts).param("key", attemptKey)
                .param("at", Timestamp.from(at))
                .update();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void paid(UUID id, UUID paymentId, Instant at) {
        jdbc.sql("update automatic_charge set status = 'PAID', payment_id = :payment, last_failure = null, updated_at = :at where id = :id")
                .param("payment", paymentId).param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** Declined: {@code status} SCHEDULED with {@code nextAttemptOn}, or HARD_DECLINED / GAVE_UP without. */
    @Transactional(propagation = Propagation.MANDATORY)
    void declined(UUID id, int failedAttempts, String status, LocalDate nextAttemptOn, String failure, Instant at) {
        jdbc.sql("""
                        update automatic_charge set failed_attempts = :failed, status = :status, next_attempt_on = :next, last_failure = :failure,
                            updated_at = :at where id = :id""")
                .param("failed", failedAttempts).param("status", status).param("next", nextAttemptOn).param("failure", failure)
                .param("at", Timestamp.from(at)).param("id", id)
                .update();
    }

    /** The customer's automatic charges, the latest first (at most 100). */
    public List<Charge> of(UUID customerId) {
        return jdbc.sql("select * from automatic_charge where customer_id = :customer order by updated_at desc, id limit 100")
                .param("customer", customerId).query(AutomaticCharges::map).list();
    }

    private static Charge map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Charge(rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getObject("card_id", UUID.class), rs.getString("currency"), rs.getBigDecimal("amount"),
                rs.getObject("first_attempt_on", LocalDate.class), rs.getInt("failed_attempts"), rs.getString("status"),
                rs.getObject("next_attempt_on", LocalDate.class), rs.getObject("attempt_key", UUID.class), rs.getString("last_failure"),
                rs.getObject("payment_id", UUID.class), rs.getTimestamp("updated_at").toInstant());
    }
}
