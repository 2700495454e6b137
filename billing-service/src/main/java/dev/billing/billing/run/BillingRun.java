package dev.billing.billing.run;

import dev.billing.billing.charge.RequestingInvoice;
import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.subscription.BillingSchedule;
import dev.billing.billing.subscription.Proration;
import dev.billing.billing.subscription.Subscription;
import dev.billing.billing.subscription.Subscriptions;
import dev.billing.events.billing.RequestedLine;
import dev.billing.support.time.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
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
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;
    private final Counter requested;

    public BillingRun(Subscriptions subscriptions, Customers customers, RequestingInvoice requesting, JdbcClient jdbc,
                      TransactionTemplate transactions, Clock clock, @Value("${billing.run.batch-size:500}") int batchSize,
                      MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.requesting = requesting;
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
        LocalDate today = now.atZone(customer.timeZone()).toLocalDate();
        BillingSchedule schedule = subscription.schedule();
        int period = subscription.periodsBilled();
        int billed = 0;
        boolean ended = false;
        while (billed < MAX_PERIODS_PER_TRANSACTION) {
            LocalDate start = schedule.cutDate(period);
            LocalDate fullEnd = schedule.cutDate(period + 1);
            LocalDate endDate = subscription.endDate();
            if (endDate != null && !start.isBefore(endDate)) {
                ended = true;
                break;
            }
            LocalDate end = endDate != null && endDate.isBefore(fullEnd) ? endDate : fullEnd;
            LocalDate requestDay = subscription.inArrears() ? end : start;
            if (requestDay.isAfter(today)) {
                break;
            }
            if (bill(subscription, customer, schedule, period, start, end, today, now)) {
                billed++;
            }
            period++;
        }
        subscriptions.advance(subscription.id(), period, nextRequestDate(subscription, schedule, period));
        if (ended) {
            subscriptions.changeStatus(subscription.id(), "ENDED", null, subscription.endDate());
        }
        return billed;
    }

    /** The day the next invoice of the subscription is due to be requested. */
    public static LocalDate nextRequestDate(Subscription subscription, BillingSchedule schedule, int period) {
        if (!subscription.inArrears()) {
            return schedule.cutDate(period);
        }
        LocalDate end = schedule.cutDate(period + 1);
        return subscription.endDate() != null && subscription.endDate().isBefore(end) ? subscription.endDate() : end;
    }

    private boolean bill(Subscription subscription, Customer customer, BillingSchedule schedule, int period,
                         LocalDate start, LocalDate end, LocalDate today, Instant now) {
        String requestId = BillingSchedule.requestId(subscription.id(), start);
        int inserted = jdbc.sql("""
                        insert into billed_period (subscription_id, period_start, period_end, request_id, requested_at)
                        values (:id, :start, :end, :requestId, :at) on conflict do nothing""")
                .param("id", subscription.id()).param("start", start).param("end", end.minusDays(1))
                .param("requestId", requestId).param("at", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return false;
        }
        LocalDate[] full = schedule.fullPeriod(period);
        boolean partial = schedule.isPartial(period) || end.isBefore(schedule.cutDate(period + 1));
        BigDecimal unitPrice = partial
                ? Proration.part(subscription.unitPrice(), start, end, full[0], full[1])
                : subscription.unitPrice();
        RequestedLine line = new RequestedLine(subscription.description() + " (" + start + " – " + end.minusDays(1) + ")",
                subscription.quantity(), unitPrice, subscription.taxRate());
        return requesting.request(requestId, customer, subscription.id(), subscription.currency(),
                subscription.termsWithin(customer.terms()), today, start, end.minusDays(1),
                subscription.inArrears() ? end.minusDays(1) : start, List.of(line));
    }

    public record RunSummary(long id, String trigger, Instant platformTime, Instant startedAt, Instant finishedAt,
                             int requestedCount, int failureCount, String lastFailure) {
    }
}
