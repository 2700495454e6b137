package dev.billing.payment.automatic;

import dev.billing.events.reminder.PaymentPlanAgreed;
import dev.billing.events.reminder.PaymentPlanEnded;
import dev.billing.events.reminder.PlannedInstalment;
import dev.billing.support.events.ReceivedEvent;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invoices' payment plans as reminder-service announces them: while one is active, automatic charges take its
 * instalments on their days instead of the whole invoice on its due date. A customer's events come in order (one
 * key); an older schedule arriving late is ignored.
 */
@Repository
public class PaymentPlanCopies {
    private final JdbcClient jdbc;

    PaymentPlanCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code charged}: what the plan's automatic charges took so far. */
    record Plan(UUID planId, UUID invoiceId, BigDecimal total, List<BigDecimal> instalments, BigDecimal charged) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void agreed(ReceivedEvent<PaymentPlanAgreed> event) {
        PaymentPlanAgreed plan = event.payload();
        int changed = jdbc.sql("""
                        insert into payment_plan_copy (plan_id, invoice_id, customer_id, currency, total, status, changed_at)
                        values (:plan, :invoice, :customer, :currency, :total, 'ACTIVE', :at)
                        on conflict (plan_id) do update set total = excluded.total, changed_at = excluded.changed_at
                        where payment_plan_copy.status = 'ACTIVE' and payment_plan_copy.changed_at <= excluded.changed_at""")
                .param("plan", plan.planId()).param("invoice", plan.invoiceId()).param("customer", plan.customerId())
                .param("currency", plan.currency()).param("total", plan.total()).param("at", Timestamp.from(plan.changedAt()))
                .update();
        if (changed == 0) {
            return;
        }
        jdbc.sql("delete from plan_instalment_copy where plan_id = :plan").param("plan", plan.planId()).update();
        for (PlannedInstalment instalment : plan.instalments()) {
            jdbc.sql("insert into plan_instalment_copy (plan_id, position, due_on, amount) values (:plan, :position, :due, :amount)")
                    .param("plan", plan.planId()).param("position", instalment.position()).param("due", instalment.dueOn())
                    .param("amount", instalment.amount())
                    .update();
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void ended(ReceivedEvent<PaymentPlanEnded> event) {
        jdbc.sql("update payment_plan_copy set status = :status, changed_at = :at where plan_id = :plan")
                .param("status", event.payload().status()).param("at", Timestamp.from(event.payload().endedAt()))
                .param("plan", event.payload().planId())
                .update();
    }

    /** The invoice's active plan with its instalments' amounts in order. */
    Optional<Plan> activeOf(UUID invoiceId) {
        return jdbc.sql("""
                        select p.plan_id, p.total,
                               (select coalesce(sum(a.amount), 0) from automatic_charge a where a.plan_id = p.plan_id and a.status = 'PAID') as charged
                        from payment_plan_copy p where p.invoice_id = :invoice and p.status = 'ACTIVE'""")
                .param("invoice", invoiceId)
                .query((rs, n) -> new Plan(rs.getObject("plan_id", UUID.class), invoiceId, rs.getBigDecimal("total"),
                        jdbc.sql("select amount from plan_instalment_copy where plan_id = :plan order by position")
                                .param("plan", rs.getObject("plan_id", UUID.class)).query(BigDecimal.class).list(),
                        rs.getBigDecimal("charged")))
                .optional();
    }
}
