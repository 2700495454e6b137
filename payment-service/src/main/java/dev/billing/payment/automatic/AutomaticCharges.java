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

/**
 * The automatic charging of each invoice (or of each instalment of its payment plan) with its customer's saved card,
 * and the invoices and instalments that may be due for an attempt.
 */
@Repository
public class AutomaticCharges {
    static final String SCHEDULED = "SCHEDULED";
    static final String CHARGING = "CHARGING";
    static final String PAID = "PAID";
    static final String HARD_DECLINED = "HARD_DECLINED";
    static final String GAVE_UP = "GAVE_UP";
    static final String STOPPED = "STOPPED";
    private final JdbcClient jdbc;

    AutomaticCharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code planId} null and {@code instalment} 0: the invoice; else that instalment of that plan. */
    public record Charge(UUID id, UUID invoiceId, UUID planId, int instalment, UUID customerId, UUID cardId, String currency, BigDecimal amount,
                         LocalDate firstAttemptOn, int failedAttempts, String status, LocalDate nextAttemptOn, UUID attemptKey,
                         String lastFailure, UUID paymentId, Instant updatedAt) {
    }

    /**
     * An open, undisputed invoice of a customer with an active card, or an instalment of its active plan, due by
     * {@code latest} ({@code dueDate}: the invoice's or the instalment's), with its charge so far (or none).
     */
    record Candidate(UUID invoiceId, UUID planId, int instalment, String timeZone, LocalDate dueDate, LocalDate nextAttemptOn) {
        /** Where the keyset paging of {@link #candidates} goes on after this one. */
        LocalDate sortDate() {
            return nextAttemptOn != null ? nextAttemptOn : dueDate;
        }
    }

    /**
     * What may be due for an attempt by {@code latest} (the furthest calendar day any time zone has reached): invoices
     * without an active payment plan, and the instalments of active plans; each never charged, due for a retry, or whose
     * charge ended with a card the customer has since replaced or saved again. Paged by
     * {@code (sortDate, invoiceId, instalment)} after the given one.
     */
    List<Candidate> candidates(LocalDate latest, LocalDate afterDate, UUID afterInvoice, int afterInstalment, int limit) {
        return jdbc.sql("""
                        select * from (
                          select i.invoice_id, null::uuid as plan_id, 0 as instalment, i.time_zone, i.due_date, a.next_attempt_on,
                                 coalesce(a.next_attempt_on, i.due_date) as sort_date
                          from invoice_copy i
                          join saved_card c on c.customer_id = i.customer_id and c.status = 'ACTIVE'
                          left join automatic_charge a on a.invoice_id = i.invoice_id and a.plan_id is null
                          where i.status in ('ISSUED', 'PARTIALLY_PAID') and i.open_amount > 0 and not i.disputed and i.due_date <= :latest
                            and not exists (select 1 from payment_plan_copy p where p.invoice_id = i.invoice_id and p.status = 'ACTIVE')
                            and (a.id is null
                                 or (a.status = 'SCHEDULED' and a.next_attempt_on <= :latest)
                                 or (a.status in ('STOPPED', 'HARD_DECLINED', 'GAVE_UP')
                                     and (a.card_id <> c.id or a.updated_at < c.authorised_at)))
                          union all
                          select i.invoice_id, p.plan_id, s.position, i.time_zone, s.due_on, a.next_attempt_on,
                                 coalesce(a.next_attempt_on, s.due_on)
                          from payment_plan_copy p
                          join plan_instalment_copy s on s.plan_id = p.plan_id
                          join invoice_copy i on i.invoice_id = p.invoice_id
                          join saved_card c on c.customer_id = i.customer_id and c.status = 'ACTIVE'
                          left join automatic_charge a on a.invoice_id = i.invoice_id and a.plan_id = p.plan_id and a.instalment = s.position
                          where p.status = 'ACTIVE' and i.status in ('ISSUED', 'PARTIALLY_PAID') and i.open_amount > 0 and not i.disputed
                            and s.due_on <= :latest
                            and (a.id is null
                                 or (a.status = 'SCHEDULED' and a.next_attempt_on <= :latest)
                                 or (a.status in ('STOPPED', 'HARD_DECLINED', 'GAVE_UP')
                                     and (a.card_id <> c.id or a.updated_at < c.authorised_at)))
                        ) due
                        where (sort_date, invoice_id, instalment) > (:afterDate, :afterInvoice, :afterInstalment)
                        order by sort_date, invoice_id, instalment
                        limit :limit""")
                .param("latest", latest).param("afterDate", afterDate).param("afterInvoice", afterInvoice)
                .param("afterInstalment", afterInstalment).param("limit", limit)
                .query((rs, n) -> new Candidate(rs.getObject("invoice_id", UUID.class), rs.getObject("plan_id", UUID.class),
                        rs.getInt("instalment"), rs.getString("time_zone"), rs.getObject("due_date", LocalDate.class),
                        rs.getObject("next_attempt_on", LocalDate.class)))
                .list();
    }

    /** Attempts sent to a provider whose answer was not recorded (it could not be reached, or the service stopped). */
    List<Charge> underWay(int limit) {
        return jdbc.sql("select * from automatic_charge where status = 'CHARGING' order by updated_at, id limit :limit")
                .param("limit", limit).query(AutomaticCharges::map).list();
    }

    /** The charge of the invoice ({@code planId} null) or of the plan's instalment, locked until the transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Charge> lockOf(UUID invoiceId, UUID planId, int instalment) {
        return jdbc.sql("""
                        select * from automatic_charge where invoice_id = :id and plan_id is not distinct from :plan
                          and instalment = :instalment for update""")
                .param("id", invoiceId).param("plan", planId).param("instalment", instalment)
                .query(AutomaticCharges::map).optional();
    }

    /** An attempt begins: the charge is CHARGING under a new key (a first attempt, a retry, or a start over with another card). */
    @Transactional(propagation = Propagation.MANDATORY)
    void charging(UUID id, UUID invoiceId, UUID planId, int instalment, UUID customerId, UUID cardId, String currency, BigDecimal amount,
                  LocalDate firstAttemptOn, int failedAttempts, UUID attemptKey, Instant at) {
        jdbc.sql("""
                        insert into automatic_charge (id, invoice_id, plan_id, instalment, customer_id, card_id, currency, amount,
                            first_attempt_on, failed_attempts, status, attempt_key, updated_at)
                        values (:id, :invoice, :plan, :instalment, :customer, :card, :currency, :amount, :first, :failed, 'CHARGING', :key, :at)
                        on conflict (invoice_id, coalesce(plan_id, '00000000-0000-0000-0000-000000000000'), instalment) do update set card_id = excluded.card_id, amount = excluded.amount,
                            first_attempt_on = excluded.first_attempt_on, failed_attempts = excluded.failed_attempts, status = 'CHARGING',
                            next_attempt_on = null, attempt_key = excluded.attempt_key, updated_at = excluded.updated_at""")
                .param("id", id).param("invoice", invoiceId).param("plan", planId).param("instalment", instalment).param("customer", customerId).param("card", cardId).param("currency", currency)
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
        return new Charge(rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class), rs.getObject("plan_id", UUID.class),
                rs.getInt("instalment"), rs.getObject("customer_id", UUID.class),
                rs.getObject("card_id", UUID.class), rs.getString("currency"), rs.getBigDecimal("amount"),
                rs.getObject("first_attempt_on", LocalDate.class), rs.getInt("failed_attempts"), rs.getString("status"),
                rs.getObject("next_attempt_on", LocalDate.class), rs.getObject("attempt_key", UUID.class), rs.getString("last_failure"),
                rs.getObject("payment_id", UUID.class), rs.getTimestamp("updated_at").toInstant());
    }
}
