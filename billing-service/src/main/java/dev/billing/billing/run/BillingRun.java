package dev.billing.billing.run;

import dev.billing.billing.charge.RequestingInvoice;
import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.subscription.ApplyingChange;
import dev.billing.billing.subscription.BillingSchedule;
import dev.billing.billing.subscription.ScheduledChanges;
import dev.billing.billing.subscription.Subscription;
import dev.billing.billing.subscription.Subscriptions;
import dev.billing.support.time.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Emits one {@code InvoiceRequested} per subscription and reached period, exactly once: each
 * subscription is billed in its own transaction (billed_period row + outbox event + next cut date),
 * so a run that crashes midway resumes where it stopped, and periods missed during downtime are
 * caught up. A cut date counts as reached when it is today or earlier in the account's time zone.
 */
@Component
public class BillingRun implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(BillingRun.class);
    private static final int MAX_PERIODS_PER_TRANSACTION = 120;
    private static final UUID FIRST = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes

    private final Subscriptions subscriptions;
    private final Customers customers;
    private final RequestingInvoice requesting;
    private final BilledPeriods billedPeriods;
    private final ScheduledChanges scheduledChanges;
    private final ApplyingChange applying;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;
    private final Counter requested;

    public BillingRun(Subscriptions subscriptions, Customers customers, RequestingInvoice requesting,
                      BilledPeriods billedPeriods, ScheduledChanges scheduledChanges, ApplyingChange applying, JdbcClient jdbc,
                      TransactionTemplate transactions, Clock clock, @Value("${billing.run.batch-size:500}") int batchSize,
                      MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.requesting = requesting;
        this.billedPeriods = billedPeriods;
        this.scheduledChanges = scheduledChanges;
        this.applying = applying;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
        this.requested = Counter.builder("billing.invoices.requested").register(meters);
    }

    @Scheduled(fixedDelayString = "${billing.run.interval:1m}")
    public void scheduled() {
        run("schedule", clock.instant());
    }

    @Override
    public void runDueWork(Instant now) {
        run("test-clock", now);
    }

    /** One pass over every subscription with a reached cut date; returns the run's record. */
    public synchronized RunSummary run(String trigger, Instant now) {
        Instant started = Instant.now();
        long runId = jdbc.sql("""
                        insert into billing_run (trigger, platform_time, started_at) values (:trigger, :now, :started)
                        returning id""")
                .param("trigger", trigger).param("now", Timestamp.from(now)).param("started", Timestamp.from(started))
                .query(Long.class).single();
        // the earliest time zones are 14 hours ahead of UTC: nothing beyond tomorrow (UTC) can be due
        LocalDate latest = now.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        int count = 0;
        int failures = 0;
        String lastFailure = null;
        UUID after = FIRST;
        List<UUID> batch;
        do {
            batch = subscriptions.dueIds(latest, after, batchSize);
            for (UUID id : batch) {
                try {
                    Integer billed = transactions.execute(status -> billDuePeriods(id, now));
                    count += billed == null ? 0 : billed;
                } catch (RuntimeException e) {
                    failures++;
                    lastFailure = id + ": " + e;
                    log.warn("Billing subscription {} failed; the next run retries it", id, e);
                }
            }
            if (!batch.isEmpty()) {
                after = batch.get(batch.size() - 1);
            }
        } while (batch.size() == batchSize);
        jdbc.sql("""
                        update billing_run set finished_at = :finished, requested_count = :count, failure_count = :failures,
                            last_failure = :lastFailure where id = :id""")
                .param("finished", Timestamp.from(Instant.now())).param("count", count).param("failures", failures)
                .param("lastFailure", lastFailure).param("id", runId)
                .update();
        requested.increment(count);
        return new RunSummary(runId, trigger, now, started, Instant.now(), count, failures, lastFailure);
    }

    private int billDuePeriods(UUID subscriptionId, Instant now) {
        Subscription subscription = subscriptions.lockIfFree(subscriptionId).orElse(null);
        if (subscription == null || !"ACTIVE".equals(subscription.status())) {
            return 0;
        }
        Customer customer = customers.find(subscription.customerId()).orElseThrow();
        Billed billed = billUpTo(subscription, customer, subscription.endDate(), now.atZone(customer.timeZone()).toLocalDate(), now);
        if (billed.reachedLimit()) {
            subscriptions.changeStatus(subscription.id(), "ENDED", null, subscription.endDate());
        }
        return billed.count();
    }

    /** How many invoices were requested, and whether every day before the limit is billed now. */
    public record Billed(int count, boolean reachedLimit) {
    }

    /**
     * Bills the periods of the subscription (locked by the caller) that are due on {@code today} and
     * start before {@code limit} (none: no limit), the last one cut short at the limit, and records how
     * far it is billed: a subscription that ends or pauses is billed for every day up to it, once.
     * The first period starts on the subscription's first unbilled day when days of it were billed before a pause.
     * A scheduled change is put into force on the way, before the first period it counts for is billed.
     */
    public Billed billUpTo(Subscription subscription, Customer customer, LocalDate limit, LocalDate today, Instant now) {
        BillingSchedule schedule = subscription.schedule();
        BillingSchedule.Due due = schedule.due(subscription.periodsBilled(), subscription.unbilledFrom(), limit, today,
                MAX_PERIODS_PER_TRANSACTION);
        ApplyingChange.Change change = scheduledChanges.find(subscription.id()).orElse(null);
        int billed = 0;
        for (BillingSchedule.Span span : due.spans()) {
            // a scheduled change in force from this span on (in advance: from its first day at the latest)
            if (change != null && (subscription.inArrears() ? change.effective().isBefore(span.end())
                    : !change.effective().isAfter(span.start()))) {
                subscription = applyScheduled(subscription, customer, change, span.period());
                change = null;
            }
            if (bill(subscription, customer, span.start(), span.end(), today, now)) {
                billed++;
            }
        }
        subscriptions.advance(subscription.id(), due.nextPeriod(), nextRequestDate(subscription, schedule, due.nextPeriod()),
                due.spans().isEmpty() ? subscription.unbilledFrom() : null);
        // a scheduled change in force by today, inside the period billed last (in arrears: the one to bill next)
        if (change != null && !change.effective().isAfter(today) && (limit == null || change.effective().isBefore(limit))) {
            applyScheduled(subscription, customer, change, due.nextPeriod());
        }
        return new Billed(billed, due.reachedLimit());
    }

    /** Puts the scheduled change into force with the periods before {@code period} billed; returns the changed subscription. */
    private Subscription applyScheduled(Subscription subscription, Customer customer, ApplyingChange.Change change, int period) {
        Subscription current = subscriptions.find(subscription.id()).orElseThrow();
        subscriptions.advance(current.id(), period, current.nextCutDate(), current.unbilledFrom());
        scheduledChanges.delete(current.id());
        return applying.apply(subscriptions.find(current.id()).orElseThrow().endingOn(subscription.endDate()), customer, change);
    }

    /** The day the next invoice of the subscription is due to be requested. */
    public static LocalDate nextRequestDate(Subscription subscription, BillingSchedule schedule, int period) {
        if (!subscription.inArrears()) {
            return schedule.cutDate(period);
        }
        LocalDate end = schedule.cutDate(period + 1);
        return subscription.endDate() != null && subscription.endDate().isBefore(end) ? subscription.endDate() : end;
    }

    private boolean bill(Subscription subscription, Customer customer, LocalDate start, LocalDate end, LocalDate today,
                         Instant now) {
        String requestId = BillingSchedule.requestId(subscription.id(), start);
        return billedPeriods.record(subscription.id(), start, end, requestId, now)
                && requestPeriod(requestId, subscription, customer, start, end, today);
    }

    /**
     * Requests the invoice of the days [start, end) of the subscription (with the customer's pending
     * charges); the date of supply is the period's last day in arrears, its first in advance.
     */
    public boolean requestPeriod(String requestId, Subscription subscription, Customer customer, LocalDate start,
                                 LocalDate end, LocalDate today) {
        return requesting.request(requestId, customer, subscription.id(), subscription.currency(),
                subscription.termsWithin(customer.terms()), today, start, end.minusDays(1),
                subscription.inArrears() ? end.minusDays(1) : start, List.of(subscription.periodLine(start, end)));
    }

    public record RunSummary(long id, String trigger, Instant platformTime, Instant startedAt, Instant finishedAt,
                             int requestedCount, int failureCount, String lastFailure) {
    }
}
