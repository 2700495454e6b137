package dev.billing.reminder.plan;

import dev.billing.events.EventCatalog;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.reminder.task.CollectionTasks;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import dev.billing.support.time.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires the steps that are due: every {@code REMINDER_SCAN_INTERVAL} and on each test-clock move. A step is due on
 * its date in the customer's time zone, while the invoice is open, not paused and no promise or active payment plan
 * holds it (the plan's instalments are reminded instead: {@code RemindingInstalments}), and inside the
 * policy's quiet-hours window if it has one (the customer's local time). What fell due
 * while nothing ran (an outage, a pause that ended, a broken promise) is found the same way, because the scan looks
 * for every planned step up to today rather than for today's: the latest one per channel fires, the older ones are
 * recorded as skipped ({@link FiringRule}), and a channel that sent today waits for tomorrow. A customer's invoices
 * are scanned together, so that their messages due on one channel the same day go out as one. A step's row changes
 * from PLANNED in the same transaction as its {@code ReminderDue} enters the outbox, under the invoice's row lock, so
 * it fires exactly once however often the scan runs, also across restarts and several instances.
 */
@Component
public class FiringReminders implements DueWork {
    private static final int BATCH = 500;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final CollectionTasks tasks;
    private final ReminderSteps steps;
    private final Clock clock;
    private final Counter fired;
    private final Counter skipped;

    FiringReminders(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, CollectionTasks tasks, ReminderSteps steps,
                    Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.tasks = tasks;
        this.steps = steps;
        this.clock = clock;
        this.fired = Counter.builder("reminder.steps.fired").register(meters);
        this.skipped = Counter.builder("reminder.steps.skipped").register(meters);
    }

    @Scheduled(fixedDelayString = "${REMINDER_SCAN_INTERVAL:1m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        transactions.executeWithoutResult(status -> brokenPromises(now));
        Batch batch = new Batch(0, null);
        do {
            UUID after = batch.lastCustomer();
            batch = transactions.execute(status -> fireBatch(now, after));
        } while (batch != null && batch.invoices() == BATCH);
    }

    /** How many invoices a batch locked, and the last customer it finished: the next batch goes on after them. */
    private record Batch(int invoices, UUID lastCustomer) {
    }

    /** What a batch writes to the steps, in one statement each. */
    private record Outcomes(List<UUID> skipped, List<String> skipReasons, List<UUID> fired, List<String> firedOn) {
        Outcomes() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private record DueStep(UUID id, UUID invoiceId, UUID customerId, int round, int step, String channel, String template,
                           String number, LocalDate dueDate, String currency, BigDecimal openAmount, LocalDate today) {
        FiringRule.Due due() {
            return new FiringRule.Due(id, round * 10_000 + step, channel);
        }
    }

    /**
     * Fires the due steps of up to one batch of invoices of customers after {@code after} (locked, skipping those another
     * scan holds), customers in order, so that a run reads each invoice once however many batches it takes.
     */
    private Batch fireBatch(Instant now, UUID after) {
        Timestamp at = Timestamp.from(now);
        List<Map.Entry<UUID, UUID>> locked = jdbc.sql("""
                        select r.invoice_id, r.customer_id from receivable r
                        join dunning_policy p on p.id = r.policy_id and p.version = r.policy_version
                        where r.state = 'OPEN' and r.paused_at is null
                          and (p.send_from is null
                               or (?::timestamptz at time zone r.time_zone)::time between p.send_from and p.send_until)
                          and (r.promised_on is null or r.promised_on < (?::timestamptz at time zone r.time_zone)::date)
                          and not exists (select 1 from payment_plan pp where pp.invoice_id = r.invoice_id and pp.status = 'ACTIVE')
                          and exists (select 1 from reminder_step s where s.invoice_id = r.invoice_id and s.status = 'PLANNED'
                                      and s.due_on <= (?::timestamptz at time zone r.time_zone)::date
                                      and not exists (select 1 from reminder_step t where t.invoice_id = s.invoice_id
                                          and t.channel = s.channel and t.status = 'SENT'
                                          and t.fired_on = (?::timestamptz at time zone r.time_zone)::date))
                          and (cast(? as uuid) is null or r.customer_id > ?)
                        order by r.customer_id, r.invoice_id limit ? for update of r skip locked""")
                .param(at).param(at).param(at).param(at).param(after).param(after).param(BATCH)
                .query((rs, n) -> Map.entry(rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class))).list();
        if (locked.isEmpty()) {
            return new Batch(0, after);
        }
        UUID lastCustomer = locked.get(locked.size() - 1).getValue();
        // a full batch may have cut the last customer's invoices in two: they wait for the next batch, which starts with them,
        // so that their messages go out together (unless that customer alone fills a batch)
        boolean cut = locked.size() == BATCH && !locked.get(0).getValue().equals(lastCustomer);
        List<Map.Entry<UUID, UUID>> taken = locked.stream().filter(e -> !cut || !e.getValue().equals(lastCustomer)).toList();
        List<UUID> invoices = taken.stream().map(Map.Entry::getKey).toList();
        UUID finished = taken.get(taken.size() - 1).getValue();
        List<DueStep> due = jdbc.sql("""
                        select s.id, s.invoice_id, s.customer_id, s.round, s.step, s.channel, s.template, r.number, r.due_date,
                            r.currency, r.open_amount, (?::timestamptz at time zone r.time_zone)::date as today
                        from reminder_step s join receivable r on r.invoice_id = s.invoice_id
                        where s.invoice_id = any(?) and s.status = 'PLANNED' and s.due_on <= (?::timestamptz at time zone r.time_zone)::date
                          and not exists (select 1 from reminder_step t where t.invoice_id = s.invoice_id and t.channel = s.channel
                              and t.status = 'SENT' and t.fired_on = (?::timestamptz at time zone r.time_zone)::date)
                        order by s.customer_id, s.invoice_id, s.round, s.step, s.channel""")
                .param(at).param(invoices.toArray(UUID[]::new)).param(at).param(at)
                .query((rs, n) -> new DueStep(rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class),
                        rs.getObject("customer_id", UUID.class), rs.getInt("round"), rs.getInt("step"), rs.getString("channel"),
                        rs.getString("template"), rs.getString("number"), rs.getDate("due_date").toLocalDate(), rs.getString("currency"),
                        rs.getBigDecimal("open_amount"), rs.getDate("today").toLocalDate()))
                .list();
        Map<UUID, List<DueStep>> byInvoice = new LinkedHashMap<>();
        due.forEach(step -> byInvoice.computeIfAbsent(step.invoiceId(), id -> new ArrayList<>()).add(step));
        Map<String, List<DueStep>> messages = new LinkedHashMap<>();
        Outcomes outcomes = new Outcomes();
        byInvoice.values().forEach(invoiceSteps -> fire(invoiceSteps, outcomes, now).forEach(step ->
                messages.computeIfAbsent(step.customerId() + "/" + step.channel(), key -> new ArrayList<>()).add(step)));
        record(outcomes, now);
        messages.values().forEach(this::send);
        return new Batch(locked.size(), finished);
    }

    /** The batch's skipped and fired steps, in two statements rather than one per step. */
    private void record(Outcomes outcomes, Instant now) {
        if (!outcomes.skipped().isEmpty()) {
            jdbc.sql("""
                            update reminder_step s set status = 'SKIPPED', reason = v.reason, updated_at = ?
                            from unnest(?::uuid[], ?::text[]) as v(id, reason) where s.id = v.id""")
                    .param(Timestamp.from(now)).param(outcomes.skipped().toArray(UUID[]::new))
                    .param(outcomes.skipReasons().toArray(String[]::new)).update();
        }
        if (!outcomes.fired().isEmpty()) {
            jdbc.sql("""
                            update reminder_step s set status = 'SENT', fired_at = ?, fired_on = v.fired_on::date, updated_at = ?
                            from unnest(?::uuid[], ?::text[]) as v(id, fired_on) where s.id = v.id""")
                    .param(Timestamp.from(now)).param(Timestamp.from(now)).param(outcomes.fired().toArray(UUID[]::new))
                    .param(outcomes.firedOn().toArray(String[]::new)).update();
        }
    }

    /**
     * One message per customer and channel: a customer with several invoices due the same day gets one reminder that
     * lists them all ({@code alsoDue}), with the first invoice's step template; the others' steps are recorded as sent in it.
     */
    private void send(List<DueStep> sameMessage) {
        DueStep first = sameMessage.get(0);
        List<DueStep> others = sameMessage.subList(1, sameMessage.size());
        if (!others.isEmpty()) {
            jdbc.sql("update reminder_step set reason = ? where id = any(?)")
                    .param("sent in one message with " + first.number()).param(others.stream().map(DueStep::id).toArray(UUID[]::new)).update();
        }
        outbox.add(EventCatalog.REMINDER_DUE, first.customerId(), "reminder/" + first.id(),
                new ReminderDue(first.id(), first.customerId(), first.invoiceId(), first.number(), first.step(), first.channel(),
                        first.template(), first.dueDate(), first.currency(), Money.exact(first.openAmount(), first.currency()),
                        others.isEmpty() ? null : others.stream().map(other -> new ReminderDue.DueInvoice(other.invoiceId(), other.number(),
                                other.dueDate(), other.currency(), Money.exact(other.openAmount(), other.currency()))).toList()));
    }

    /** Decides which of the invoice's due steps fire and which are skipped, opens its task if one fired; answers the messages to send. */
    private List<DueStep> fire(List<DueStep> invoiceSteps, Outcomes outcomes, Instant now) {
        List<DueStep> messages = new ArrayList<>();
        Map<UUID, DueStep> byId = new LinkedHashMap<>();
        invoiceSteps.forEach(step -> byId.put(step.id(), step));
        FiringRule.Decision decision = FiringRule.decide(invoiceSteps.stream().map(DueStep::due).toList());
        // reminders that went out before this run and got no payment (the one sent with a task in this run is not one);
        // counted only when a task opens, so a run that only sends messages costs no extra query
        int unanswered = decision.fire().stream().anyMatch(due -> ReminderPlan.TASK.equals(due.channel()))
                ? steps.sentMessages(invoiceSteps.get(0).invoiceId()) : 0;
        for (FiringRule.Due skip : decision.skip()) {
            DueStep step = byId.get(skip.id());
            outcomes.skipped().add(step.id());
            outcomes.skipReasons().add("a later step was due by " + step.today() + ": only the latest is sent");
            skipped.increment();
        }
        for (FiringRule.Due fire : decision.fire()) {
            DueStep step = byId.get(fire.id());
            outcomes.fired().add(step.id());
            outcomes.firedOn().add(step.today().toString());
            fired.increment();
            if (ReminderPlan.TASK.equals(step.channel())) {
                long late = ChronoUnit.DAYS.between(step.dueDate(), step.today());
                tasks.open(step.customerId(), step.invoiceId(), (late > 0 ? "Payment deadline passed " + late + " days ago"
                                : late == 0 ? "Payment is due today" : "Payment is due in " + -late + " days") + ", "
                                + (unanswered == 1 ? "1 reminder" : unanswered + " reminders") + " unanswered (" + step.number() + ", "
                                + Money.exact(step.openAmount(), step.currency()).toPlainString() + " " + step.currency() + " open).",
                        "Call the customer.", step.today(), now);
            } else {
                messages.add(step);
            }
        }
        return messages;
    }

    /** A promise whose day passed unpaid: a task for staff, and the plan goes on (what fell due meanwhile, once). */
    private void brokenPromises(Instant now) {
        jdbc.sql("""
                        with broken as (
                            select invoice_id, promised_on from receivable
                            where state = 'OPEN' and promised_on is not null and promised_on < (?::timestamptz at time zone time_zone)::date
                            for update skip locked)
                        update receivable r set promised_on = null, promised_amount = null, broken_promises = broken_promises + 1,
                            updated_at = ? from broken b
                        where r.invoice_id = b.invoice_id
                        returning r.invoice_id, r.customer_id, r.number, b.promised_on, (?::timestamptz at time zone r.time_zone)::date as today""")
                .param(Timestamp.from(now)).param(Timestamp.from(now)).param(Timestamp.from(now))
                .query((rs, n) -> tasks.open(rs.getObject("customer_id", UUID.class), rs.getObject("invoice_id", UUID.class),
                        "The promise to pay " + rs.getString("number") + " by " + rs.getDate("promised_on").toLocalDate() + " was not kept.",
                        "Call the customer; the reminders go on.", rs.getDate("today").toLocalDate(), now))
                .list();
    }
}
