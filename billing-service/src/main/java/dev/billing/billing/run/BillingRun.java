package dev.billing.billing.run;

import dev.billing.billing.charge.PendingCharges;
import dev.billing.billing.charge.RequestingInvoice;
import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.subscription.ApplyingChange;
import dev.billing.billing.subscription.BillingSchedule;
import dev.billing.billing.subscription.ScheduledChanges;
import dev.billing.billing.subscription.Subscription;
import dev.billing.billing.subscription.Subscriptions;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.support.events.Outbox;
import dev.billing.support.time.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Emits one {@code InvoiceRequested} per subscription and reached period, exactly once. The
 * subscriptions that may be due are read in pages ({@code billing.run.batch-size}, so no run holds all
 * of them): those whose cut date may have come, keyset by (cut date, id) along an index, then those
 * whose scheduled change may have, by id. The ones not due yet in their account's time zone are dropped, and the rest
 * of each page is billed in one transaction: its subscriptions, customers, scheduled changes
 * and pending charges read in one statement each, its billed periods, events and subscription
 * advances written in one each ({@link BillingWrites}). When a page fails, its subscriptions are
 * billed one by one, each in its own transaction, so one that cannot be billed holds back no other.
 * A run that crashes midway resumes where it stopped, and periods missed during downtime are caught
 * up. A cut date counts as reached when it is today or earlier in the account's time zone.
 */
@Component
public class BillingRun implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(BillingRun.class);
    /**
     * Periods billed at once per subscription (a long catch-up goes on when the run's keyset reaches its
     * new cut date, or in the next run).
     */
    private static final int MAX_PERIODS_PER_SUBSCRIPTION = 120;
    private static final UUID FIRST = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes

    private final Subscriptions subscriptions;
    private final Customers customers;
    private final RequestingInvoice requesting;
    private final PendingCharges pending;
    private final ScheduledChanges scheduledChanges;
    private final ApplyingChange applying;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;
    private final Counter requested;

    public BillingRun(Subscriptions subscriptions, Customers customers, RequestingInvoice requesting, PendingCharges pending,
                      ScheduledChanges scheduledChanges, ApplyingChange applying, JdbcClient jdbc, Outbox outbox,
                      TransactionTemplate transactions, Clock clock, @Value("${billing.run.batch-size:500}") int batchSize,
                      MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.requesting = requesting;
        this.pending = pending;
        this.scheduledChanges = scheduledChanges;
        this.applying = applying;
        this.jdbc = jdbc;
        this.outbox = outbox;
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
        Outcome outcome = new Outcome();
        Subscriptions.Candidate position = null;
        List<Subscriptions.Candidate> candidates;
        do {
            candidates = subscriptions.dueByCutDate(latest, position, batchSize);
            billDue(candidates, now, outcome);
            position = candidates.isEmpty() ? position : candidates.get(candidates.size() - 1);
        } while (candidates.size() == batchSize);
        UUID after = FIRST;
        do {
            candidates = subscriptions.dueByChange(latest, after, batchSize);
            billDue(candidates, now, outcome);
            after = candidates.isEmpty() ? after : candidates.get(candidates.size() - 1).id();
        } while (candidates.size() == batchSize);
        jdbc.sql("""
                        update billing_run set finished_at = :finished, requested_count = :count, failure_count = :failures,
                            last_failure = :lastFailure where id = :id""")
                .param("finished", Timestamp.from(Instant.now())).param("count", outcome.count)
                .param("failures", outcome.failures).param("lastFailure", outcome.lastFailure).param("id", runId)
                .update();
        requested.increment(outcome.count);
        return new RunSummary(runId, trigger, now, started, Instant.now(), outcome.count, outcome.failures, outcome.lastFailure);
    }

    /** What a run has done so far. */
    private static final class Outcome {
        int count;
        int failures;
        String lastFailure;
    }

    /** Bills the candidates due today or earlier in their time zone; the ones due tomorrow there are neither locked nor written. */
    private void billDue(List<Subscriptions.Candidate> candidates, Instant now, Outcome outcome) {
        billPage(candidates.stream().filter(c -> c.dueAt(now)).map(Subscriptions.Candidate::id).toList(), now, outcome);
    }

    private void billPage(List<UUID> page, Instant now, Outcome outcome) {
        if (page.isEmpty()) {
            return;
        }
        try {
            Integer billed = transactions.execute(status -> {
                BillingWrites writes = BillingWrites.batched(jdbc, outbox);
                int count = billLocked(subscriptions.lockIfFree(page), now, writes);
                writes.flush();
                return count;
            });
            outcome.count += billed == null ? 0 : billed;
            return;
        } catch (RuntimeException e) {
            log.info("Billing {} subscriptions together failed ({}); billing them one by one", page.size(), e.toString());
        }
        for (UUID id : page) {
            try {
                Integer billed = transactions.execute(status ->
                        billLocked(subscriptions.lockIfFree(List.of(id)), now, BillingWrites.direct(jdbc, outbox)));
                outcome.count += billed == null ? 0 : billed;
            } catch (RuntimeException e) {
                outcome.failures++;
                outcome.lastFailure = id + ": " + e;
                log.warn("Billing subscription {} failed; the next run retries it", id, e);
            }
        }
    }

    /** Bills the due periods of the locked subscriptions that are active; returns how many invoices it requested. */
    private int billLocked(List<Subscription> locked, Instant now, BillingWrites writes) {
        List<Subscription> active = locked.stream().filter(s -> "ACTIVE".equals(s.status())).toList();
        if (active.isEmpty()) {
            return 0;
        }
        List<UUID> customerIds = active.stream().map(Subscription::customerId).toList();
        Map<UUID, Customer> accounts = customers.findAll(customerIds);
        Map<UUID, ApplyingChange.Change> changes = scheduledChanges.findAll(active.stream().map(Subscription::id).toList());
        Set<UUID> withCharges = new HashSet<>(pending.customersWithOpen(customerIds));
        int count = 0;
        for (Subscription subscription : active) {
            Customer customer = accounts.get(subscription.customerId());
            if (customer == null) {
                throw new IllegalStateException("Subscription " + subscription.id() + " has no account " + subscription.customerId());
            }
            Billed billed = billUpTo(subscription, customer, subscription.endDate(), now.atZone(customer.timeZone()).toLocalDate(),
                    now, changes.get(subscription.id()), withCharges, writes);
            if (billed.reachedLimit()) {
                subscriptions.changeStatus(subscription.id(), "ENDED", null, subscription.endDate());
            }
            count += billed.count();
        }
        return count;
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
        return billUpTo(subscription, customer, limit, today, now, scheduledChanges.find(subscription.id()).orElse(null),
                new HashSet<>(Set.of(customer.id())), BillingWrites.direct(jdbc, outbox));
    }

    /**
     * {@code withCharges}: the customers that may have pending charges (others are not looked up);
     * a change put into force adds its customer, since proration leaves charges.
     */
    private Billed billUpTo(Subscription subscription, Customer customer, LocalDate limit, LocalDate today, Instant now,
                            ApplyingChange.Change scheduled, Set<UUID> withCharges, BillingWrites writes) {
        BillingSchedule schedule = subscription.schedule();
        BillingSchedule.Due due = schedule.due(subscription.periodsBilled(), subscription.unbilledFrom(), limit, today,
                MAX_PERIODS_PER_SUBSCRIPTION);
        ApplyingChange.Change change = scheduled;
        int billed = 0;
        for (BillingSchedule.Span span : due.spans()) {
            // a scheduled change in force from this span on (in advance: from its first day at the latest)
            if (change != null && (subscription.inArrears() ? change.effective().isBefore(span.end())
                    : !change.effective().isAfter(span.start()))) {
                subscription = applyScheduled(subscription, customer, change, span.period(), withCharges, writes);
                change = null;
            }
            if (bill(subscription, customer, span.start(), span.end(), today, now, withCharges.contains(customer.id()), writes)) {
                billed++;
            }
        }
        writes.advance(subscription.id(), due.nextPeriod(), nextRequestDate(subscription, schedule, due.nextPeriod()),
                due.spans().isEmpty() ? subscription.unbilledFrom() : null);
        // a scheduled change in force by today, inside the period billed last (in arrears: the one to bill next)
        if (change != null && !change.effective().isAfter(today) && (limit == null || change.effective().isBefore(limit))) {
            applyScheduled(subscription, customer, change, due.nextPeriod(), withCharges, writes);
        }
        return new Billed(billed, due.reachedLimit());
    }

    /**
     * Puts the scheduled change into force with the periods before {@code period} billed; returns the
     * changed subscription. What is kept is written first: the change reads the subscription as billed so far.
     */
    private Subscription applyScheduled(Subscription subscription, Customer customer, ApplyingChange.Change change, int period,
                                        Set<UUID> withCharges, BillingWrites writes) {
        writes.flush();
        Subscription current = subscriptions.find(subscription.id()).orElseThrow();
        subscriptions.advance(current.id(), period, current.nextCutDate(), current.unbilledFrom());
        scheduledChanges.delete(current.id());
        withCharges.add(customer.id());
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
                         Instant now, boolean mayHaveCharges, BillingWrites writes) {
        String requestId = BillingSchedule.requestId(subscription.id(), start);
        if (!writes.period(subscription.id(), start, end, requestId, now)) {
            return false;
        }
        Optional<Outbox.Entry<InvoiceRequested>> request = requesting.compose(requestId, customer, subscription.id(),
                subscription.currency(), subscription.termsWithin(customer.terms()), today, start, end.minusDays(1),
                subscription.inArrears() ? end.minusDays(1) : start, List.of(subscription.periodLine(start, end)),
                mayHaveCharges);
        request.ifPresent(writes::request);
        return request.isPresent();
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
