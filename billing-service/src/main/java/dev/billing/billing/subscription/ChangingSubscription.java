package dev.billing.billing.subscription;

import dev.billing.billing.charge.LineLimit;
import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.run.BillingRun;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.SubscriptionEnded;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to a running subscription; every day is billed exactly once. A change is put into force
 * by {@link ApplyingChange} (prorated in advance), at once or, from a date after the current period,
 * on that date. Pausing and ending bill every day before them first ({@link BillingRun#billUpTo});
 * in advance, the billed days after them are credited.
 */
@Service
public class ChangingSubscription {
    private final Subscriptions subscriptions;
    private final Customers customers;
    private final ProratedCharges prorated;
    private final ApplyingChange applying;
    private final ScheduledChanges scheduled;
    private final BillingRun billing;
    private final Outbox outbox;
    private final Clock clock;

    public ChangingSubscription(Subscriptions subscriptions, Customers customers, ProratedCharges prorated,
                                ApplyingChange applying, ScheduledChanges scheduled, BillingRun billing, Outbox outbox,
                                Clock clock) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.prorated = prorated;
        this.applying = applying;
        this.scheduled = scheduled;
        this.billing = billing;
        this.outbox = outbox;
        this.clock = clock;
    }

    private record Loaded(Subscription subscription, Customer customer, LocalDate today) {
    }

    /** Dates far from today would make period arithmetic run away; the same range a start date may have. */
    private static LocalDate plausible(String field, LocalDate date) {
        if (date != null && (date.getYear() < 2000 || date.getYear() > 2200)) {
            throw ApiProblem.unprocessable(field, "must be a date between 2000 and 2200");
        }
        return date;
    }

    private Loaded load(UUID id) {
        Subscription s = subscriptions.lock(id).orElseThrow(() -> ApiProblem.notFound("Subscription", id));
        Customer c = customers.find(s.customerId()).orElseThrow();
        return new Loaded(s, c, LocalDate.now(clock.withZone(c.timeZone())));
    }

    /**
     * Changes now or from {@code effective}: within the current period (or the day the next unbilled
     * one starts) at once, later ones are scheduled (one at a time) and put into force by the billing
     * run on their date, so that every day before it is billed at the old terms.
     */
    @Transactional
    public Subscription change(UUID id, String description, BigDecimal quantity, BigDecimal unitPrice, LocalDate effective) {
        Loaded l = load(id);
        Subscription s = requireStatus(l.subscription(), "ACTIVE", "PAUSED");
        LocalDate date = effective == null ? l.today() : plausible("effectiveDate", effective);
        LineLimit.require(unitPrice == null ? "quantity" : "unitPrice", quantity == null ? s.quantity() : quantity,
                unitPrice == null ? s.unitPrice() : unitPrice, s.taxRate());
        BillingSchedule schedule = s.schedule();
        if (!s.inArrears() && s.periodsBilled() > 0 && date.isBefore(schedule.cutDate(s.periodsBilled() - 1))) {
            throw ApiProblem.unprocessable("effectiveDate", "must not be before the current period, which started on "
                    + schedule.cutDate(s.periodsBilled() - 1));
        }
        ApplyingChange.Change change = new ApplyingChange.Change(description, quantity, unitPrice, date);
        // in force at once, the new terms reach the next invoice: from a later date, they must wait for it
        LocalDate latest = s.inArrears() ? schedule.cutDate(s.periodsBilled() + 1) : schedule.cutDate(s.periodsBilled());
        if (!date.isAfter(latest)) {
            return applying.apply(s, l.customer(), change);
        }
        if (!scheduled.schedule(id, change, clock.instant())) {
            throw ApiProblem.conflict("effectiveDate", "a change is scheduled already for "
                    + scheduled.find(id).orElseThrow().effective() + "; send this one when it is in force");
        }
        return s;
    }

    /**
     * Pauses from {@code from} (today or back-dated): every day before it is billed (in arrears now, up
     * to the pause), and in advance the days after it of the billed period are credited.
     */
    @Transactional
    public Subscription pause(UUID id, LocalDate from) {
        Loaded l = load(id);
        Subscription s = requireStatus(l.subscription(), "ACTIVE");
        LocalDate date = from == null ? l.today() : plausible("date", from);
        if (date.isAfter(l.today())) {
            throw ApiProblem.unprocessable("date", "a pause starts today or is back-dated; it cannot be scheduled for "
                    + date + " (today is " + l.today() + " in the account's time zone)");
        }
        billAndCreditUpTo(s, l.customer(), date, l.today());
        subscriptions.changeStatus(id, "PAUSED", date, s.endDate());
        return subscriptions.find(id).orElseThrow();
    }

    /**
     * Resumes on {@code on}: in advance the rest of the period it falls in is charged pro rata; in
     * arrears the period it falls in is billed from that day at its end.
     */
    @Transactional
    public Subscription resume(UUID id, LocalDate on) {
        Loaded l = load(id);
        Subscription s = requireStatus(l.subscription(), "PAUSED");
        LocalDate date = on == null ? l.today() : plausible("date", on);
        if (date.isBefore(s.pausedFrom())) {
            throw ApiProblem.unprocessable("date", "must not be before the pause began on " + s.pausedFrom());
        }
        BillingSchedule schedule = s.schedule();
        int k = schedule.periodContaining(date);
        if (!s.inArrears()) {
            int billedUpTo = Math.max(s.periodsBilled(), k);
            if (k < s.periodsBilled() || date.isAfter(schedule.cutDate(k))) {
                // the rest of the period the customer comes back in is charged pro rata; later periods bill as usual
                prorated.charge(s, l.customer().language(), s.description(), s.quantity(), s.unitPrice(), date,
                        schedule.cutDate(k + 1), k);
                billedUpTo = Math.max(s.periodsBilled(), k + 1);
            }
            subscriptions.advance(id, billedUpTo, schedule.cutDate(billedUpTo), null);
        } else {
            subscriptions.advance(id, k, BillingRun.nextRequestDate(s, schedule, k),
                    date.isAfter(schedule.cutDate(k)) ? date : null);
        }
        subscriptions.changeStatus(id, "ACTIVE", null, s.endDate());
        Subscription resumed = subscriptions.find(id).orElseThrow();
        ApplyingChange.Change change = scheduled.find(id).orElse(null);
        if (change != null && !change.effective().isAfter(date)) {
            // a change that came into force during the pause counts from the return day
            scheduled.delete(id);
            return applying.apply(resumed, l.customer(), new ApplyingChange.Change(change.description(), change.quantity(),
                    change.unitPrice(), date));
        }
        return resumed;
    }

    /**
     * Ends at the end of the current period, or immediately on {@code on} (today or back-dated, never
     * ahead: that would leave the days up to it unbilled): every day before the end is billed now, and
     * in advance the unused days of the billed period are credited.
     */
    @Transactional
    public Subscription end(UUID id, boolean immediately, LocalDate on) {
        Loaded l = load(id);
        Subscription s = requireStatus(l.subscription(), "ACTIVE", "PAUSED");
        BillingSchedule schedule = s.schedule();
        LocalDate endDate;
        if (immediately) {
            endDate = on == null ? l.today() : plausible("date", on);
            if (endDate.isAfter(l.today())) {
                throw ApiProblem.unprocessable("date", "an immediate end is today or back-dated, not " + endDate + " (today is "
                        + l.today() + " in the account's time zone); to end later, end AT_PERIOD_END");
            }
        } else {
            int current = s.inArrears() ? schedule.periodContaining(l.today()) : Math.max(s.periodsBilled() - 1, 0);
            endDate = s.periodsBilled() == 0 && !s.inArrears() ? s.startDate() : schedule.cutDate(current + 1);
        }
        if (endDate.isBefore(s.startDate())) {
            throw ApiProblem.unprocessable("date", "must not be before the start date " + s.startDate());
        }
        boolean ended = "PAUSED".equals(s.status());
        if (!ended) {
            ended = billAndCreditUpTo(s.endingOn(endDate), l.customer(), endDate, l.today());
        }
        subscriptions.changeStatus(id, ended ? "ENDED" : "ACTIVE", null, endDate);
        scheduled.dropFrom(id, endDate);
        outbox.add(EventCatalog.SUBSCRIPTION_ENDED, s.customerId(), "subscription/" + id, new SubscriptionEnded(id, s.customerId(), endDate));
        return subscriptions.find(id).orElseThrow();
    }

    /**
     * Bills every day before {@code date} not billed yet; in advance, then credits the days from
     * {@code date} to the end of the period invoiced before, at the terms in force on that date (a
     * scheduled change due by then is in force first). Returns whether every day before the date is billed.
     */
    private boolean billAndCreditUpTo(Subscription s, Customer customer, LocalDate date, LocalDate today) {
        BillingSchedule schedule = s.schedule();
        int billedBefore = s.periodsBilled();
        boolean credit = !s.inArrears() && billedBefore > 0;
        if (credit && date.isBefore(schedule.cutDate(billedBefore - 1))) {
            throw ApiProblem.unprocessable("date", "must not be before the current period, which started on "
                    + schedule.cutDate(billedBefore - 1));
        }
        boolean billedUpToDate = billing.billUpTo(s, customer, date, today, clock.instant()).reachedLimit();
        LocalDate end = schedule.cutDate(billedBefore);
        if (credit && date.isBefore(end)) {
            Subscription current = subscriptions.find(s.id()).orElseThrow();
            prorated.credit(current, customer.language(), current.description(), current.quantity(), current.unitPrice(),
                    date, end, billedBefore - 1);
        }
        return billedUpToDate;
    }

    private static Subscription requireStatus(Subscription s, String... allowed) {
        for (String status : allowed) {
            if (status.equals(s.status())) {
                return s;
            }
        }
        throw ApiProblem.conflict("status", "a subscription that is " + s.status() + " cannot do this; it must be "
                + String.join(" or ", allowed));
    }
}
