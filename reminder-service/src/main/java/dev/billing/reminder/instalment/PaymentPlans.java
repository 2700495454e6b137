package dev.billing.reminder.instalment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.billing.events.EventCatalog;
import dev.billing.events.reminder.PaymentPlanAgreed;
import dev.billing.events.reminder.PaymentPlanEnded;
import dev.billing.events.reminder.PlannedInstalment;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment plans and their instalments (plain SQL: the scan locks plans and moves instalments set-wise). Each change
 * of a plan's schedule is published as {@code PaymentPlanAgreed} (the whole schedule) and its end as
 * {@code PaymentPlanEnded}, in the same transaction: payment-service charges a plan's instalments, not its invoice.
 */
@Repository
public class PaymentPlans {
    public static final String ACTIVE = "ACTIVE";
    private final JdbcClient jdbc;
    private final Outbox outbox;

    PaymentPlans(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    public record Plan(UUID id, UUID invoiceId, UUID customerId, String currency, BigDecimal total, String frequency, String status,
                       String endedReason, String createdBy, Instant createdAt) {
    }

    public record Instalment(int position, LocalDate dueOn, BigDecimal amount, String status, Instant remindedAt) {
    }

    void add(Plan plan, List<Instalments.Instalment> instalments) {
        jdbc.sql("""
                        insert into payment_plan (id, invoice_id, customer_id, currency, total, frequency, status, created_by, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(plan.id()).param(plan.invoiceId()).param(plan.customerId()).param(plan.currency()).param(plan.total())
                .param(plan.frequency()).param(plan.status()).param(plan.createdBy()).param(Timestamp.from(plan.createdAt()))
                .param(Timestamp.from(plan.createdAt())).update();
        addInstalments(plan.id(), instalments);
        announce(plan.id(), plan.createdAt());
    }

    /** The plan's instalments replaced (an edit before it started), with its new total and frequency. */
    void replace(UUID planId, BigDecimal total, String frequency, List<Instalments.Instalment> instalments, Instant now) {
        jdbc.sql("delete from instalment where plan_id = ?").param(planId).update();
        jdbc.sql("update payment_plan set total = ?, frequency = ?, updated_at = ? where id = ?")
                .param(total).param(frequency).param(Timestamp.from(now)).param(planId).update();
        addInstalments(planId, instalments);
        announce(planId, now);
    }

    private void announce(UUID planId, Instant at) {
        Plan plan = find(planId).orElseThrow();
        outbox.add(EventCatalog.PAYMENT_PLAN_AGREED, plan.customerId(), "payment-plan/" + planId,
                new PaymentPlanAgreed(planId, plan.customerId(), plan.invoiceId(), plan.currency(), Money.exact(plan.total(), plan.currency()),
                        instalments(planId).stream().map(i -> new PlannedInstalment(i.position(), i.dueOn(),
                                Money.exact(i.amount(), plan.currency()))).toList(), at));
    }

    private void addInstalments(UUID planId, List<Instalments.Instalment> instalments) {
        for (Instalments.Instalment instalment : instalments) {
            jdbc.sql("insert into instalment (plan_id, position, due_on, amount, status) values (?, ?, ?, ?, 'PLANNED')")
                    .param(planId).param(instalment.position()).param(instalment.dueOn()).param(instalment.amount()).update();
        }
    }

    public Optional<Plan> find(UUID id) {
        return jdbc.sql("select * from payment_plan where id = ?").param(id).query(PaymentPlans::plan).optional();
    }

    Optional<Plan> lock(UUID id) {
        return jdbc.sql("select * from payment_plan where id = ? for update").param(id).query(PaymentPlans::plan).optional();
    }

    public List<Plan> ofInvoice(UUID invoiceId) {
        return jdbc.sql("select * from payment_plan where invoice_id = ? order by created_at desc").param(invoiceId)
                .query(PaymentPlans::plan).list();
    }

    public Optional<Plan> activeOf(UUID invoiceId) {
        return jdbc.sql("select * from payment_plan where invoice_id = ? and status = 'ACTIVE'").param(invoiceId)
                .query(PaymentPlans::plan).optional();
    }

    public List<Instalment> instalments(UUID planId) {
        return jdbc.sql("select * from instalment where plan_id = ? order by position").param(planId)
                .query((rs, n) -> new Instalment(rs.getInt("position"), rs.getDate("due_on").toLocalDate(), rs.getBigDecimal("amount"),
                        rs.getString("status"), rs.getTimestamp("reminded_at") == null ? null : rs.getTimestamp("reminded_at").toInstant()))
                .list();
    }

    void instalmentStatus(UUID planId, int position, String status, Instant remindedAt) {
        jdbc.sql("update instalment set status = ?, reminded_at = coalesce(?, reminded_at) where plan_id = ? and position = ?")
                .param(status).param(remindedAt == null ? null : Timestamp.from(remindedAt)).param(planId).param(position).update();
    }

    void end(UUID planId, String status, String reason, Instant now) {
        int ended = jdbc.sql("update payment_plan set status = ?, ended_reason = ?, updated_at = ? where id = ? and status = 'ACTIVE'")
                .param(status).param(reason).param(Timestamp.from(now)).param(planId).update();
        if (ended == 1) {
            Plan plan = find(planId).orElseThrow();
            outbox.add(EventCatalog.PAYMENT_PLAN_ENDED, plan.customerId(), "payment-plan/" + planId,
                    new PaymentPlanEnded(planId, plan.customerId(), plan.invoiceId(), status, reason, now));
        }
    }

    /** The instalments still to come of the invoice's active plan move by {@code days}: the invoice was paused that long. */
    public void shiftOpen(UUID invoiceId, long days, Instant now) {
        int moved = jdbc.sql("""
                        update instalment i set due_on = i.due_on + cast(? as int)
                        from payment_plan p where p.id = i.plan_id and p.invoice_id = ? and p.status = 'ACTIVE'
                          and i.status in ('PLANNED', 'REMINDED')""")
                .param(days).param(invoiceId).update();
        if (moved > 0) {
            activeOf(invoiceId).ifPresent(plan -> announce(plan.id(), now));
        }
    }

    /** The invoice's plan, if one is active, ends with it: COMPLETED when it was paid, CANCELLED when it was cancelled. */
    public void endFor(UUID invoiceId, String status, String reason, Instant now) {
        activeOf(invoiceId).ifPresent(plan -> end(plan.id(), status, reason, now));
    }

    private static Plan plan(ResultSet rs, int n) throws SQLException {
        return new Plan(rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("currency"), rs.getBigDecimal("total"), rs.getString("frequency"), rs.getString("status"),
                rs.getString("ended_reason"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
