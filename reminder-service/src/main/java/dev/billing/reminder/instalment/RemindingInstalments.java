package dev.billing.reminder.instalment;

import dev.billing.events.EventCatalog;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.reminder.task.CollectionTasks;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import dev.billing.support.time.DueWork;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the active payment plans every {@code REMINDER_SCAN_INTERVAL} and on each test-clock move. What was paid or
 * credited since a plan began ({@code total} minus the invoice's open amount now) covers its instalments in order
 * ({@link Instalments#covered}): a covered instalment is MET; one that is due today or earlier and not covered is
 * reminded once ({@code ReminderDue}, template {@value #TEMPLATE}, for what is left of it; also after an outage,
 * once); one still not covered {@value #GRACE_DAYS} days after its date is MISSED: the plan is BROKEN, a task opens
 * and the policy's reminders go on. When all are met the plan is COMPLETED. A paused invoice (a dispute, staff) holds
 * its plan too (its instalments move by the paused days when it resumes); an excluded customer's plan is not run, and
 * the invoice's policy's quiet hours apply. Instalment reminders go by email. Each plan is handled under its row lock, in the transaction that writes its events.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // before FiringReminders on a clock move: a plan broken now lets the policy's step fire in the same run
public class RemindingInstalments implements DueWork {
    static final String TEMPLATE = "reminder-instalment";
    /** Days after an instalment's date before it counts as missed: a transfer made on the day may arrive later. */
    static final int GRACE_DAYS = 3;
    /** ReminderDue's step of an instalment reminder: above any policy step's number. */
    private static final int STEP_BASE = 1000;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PaymentPlans plans;
    private final CollectionTasks tasks;
    private final Outbox outbox;
    private final Clock clock;

    RemindingInstalments(JdbcClient jdbc, TransactionTemplate transactions, PaymentPlans plans, CollectionTasks tasks, Outbox outbox,
                         Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.plans = plans;
        this.tasks = tasks;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${REMINDER_SCAN_INTERVAL:1m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    private record DuePlan(UUID id, UUID invoiceId, UUID customerId, String number, String currency, BigDecimal total,
                           BigDecimal openAmount, LocalDate today) {
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        transactions.executeWithoutResult(status -> {
            Timestamp at = Timestamp.from(now);
            List<DuePlan> due = jdbc.sql("""
                            select p.id, p.invoice_id, p.customer_id, r.number, p.currency, p.total, r.open_amount,
                                (?::timestamptz at time zone r.time_zone)::date as today
                            from payment_plan p join receivable r on r.invoice_id = p.invoice_id
                            join dunning_policy d on d.id = r.policy_id and d.version = r.policy_version
                            where p.status = 'ACTIVE' and r.state = 'OPEN' and r.paused_at is null
                              and not exists (select 1 from customer_dunning c where c.customer_id = r.customer_id and c.excluded)
                              and (d.send_from is null
                                   or (?::timestamptz at time zone r.time_zone)::time between d.send_from and d.send_until)
                              and exists (select 1 from instalment i where i.plan_id = p.id and i.status in ('PLANNED', 'REMINDED')
                                          and i.due_on <= (?::timestamptz at time zone r.time_zone)::date)
                            for update of p skip locked""")
                    .param(at).param(at).param(at)
                    .query((rs, n) -> new DuePlan(rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class),
                            rs.getObject("customer_id", UUID.class), rs.getString("number"), rs.getString("currency"),
                            rs.getBigDecimal("total"), rs.getBigDecimal("open_amount"), rs.getDate("today").toLocalDate()))
                    .list();
            due.forEach(plan -> run(plan, now));
        });
    }

    private void run(DuePlan plan, Instant now) {
        List<PaymentPlans.Instalment> instalments = plans.instalments(plan.id());
        BigDecimal paid = plan.total().subtract(plan.openAmount());
        int covered = Instalments.covered(instalments.stream().map(PaymentPlans.Instalment::amount).toList(), paid);
        BigDecimal through = BigDecimal.ZERO;
        for (PaymentPlans.Instalment instalment : instalments) {
            through = through.add(instalment.amount());
            if (instalment.status().equals("MET") || instalment.status().equals("MISSED")) {
                continue;
            }
            if (instalment.position() <= covered) {
                plans.instalmentStatus(plan.id(), instalment.position(), "MET", null);
            } else if (instalment.dueOn().plusDays(GRACE_DAYS).isBefore(plan.today())) {
                missed(plan, instalment, instalments.size(), through.subtract(paid), now);
                return;
            } else if (!instalment.dueOn().isAfter(plan.today()) && instalment.status().equals("PLANNED")) {
                plans.instalmentStatus(plan.id(), instalment.position(), "REMINDED", now);
                UUID reminderId = UUID.nameUUIDFromBytes((plan.id() + "/" + instalment.position()).getBytes(StandardCharsets.UTF_8));
                outbox.add(EventCatalog.REMINDER_DUE, plan.customerId(), "reminder/" + reminderId,
                        new ReminderDue(reminderId, plan.customerId(), plan.invoiceId(), plan.number(), STEP_BASE + instalment.position(),
                                "EMAIL", TEMPLATE, instalment.dueOn(), plan.currency(), Money.exact(through.subtract(paid), plan.currency())));
            }
        }
        if (covered == instalments.size()) {
            plans.end(plan.id(), "COMPLETED", "every instalment was paid", now);
        }
    }

    private void missed(DuePlan plan, PaymentPlans.Instalment instalment, int count, BigDecimal unpaid, Instant now) {
        plans.instalmentStatus(plan.id(), instalment.position(), "MISSED", null);
        String what = "Instalment " + instalment.position() + " of " + count + " of " + plan.number() + " ("
                + Money.exact(instalment.amount(), plan.currency()).toPlainString() + " " + plan.currency() + ", due " + instalment.dueOn()
                + ") was missed: " + Money.exact(unpaid, plan.currency()).toPlainString() + " " + plan.currency() + " of it is unpaid.";
        plans.end(plan.id(), "BROKEN", what, now);
        tasks.open(plan.customerId(), plan.invoiceId(), what, "Call the customer; the payment plan ended and the reminders go on.",
                plan.today(), now);
    }
}
