package dev.billing.billing.subscription;

import dev.billing.billing.charge.Labels;
import dev.billing.billing.charge.LineLimit;
import dev.billing.billing.charge.PendingCharges;
import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.run.BillingRun;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.SubscriptionChanged;
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
 * Changes to a running subscription; every day is billed exactly once. For subscriptions billed in
 * advance, a change inside a period that is already invoiced is settled by proration: a credit for
 * the old terms and a charge for the new ones over the rest of the period, both added to the
 * customer's next invoice. Subscriptions billed in arrears are invoiced at the terms in force when
 * their period is billed. A change takes effect at the latest when the next unbilled period starts
 * (it reaches that period's invoice at once; later ones are refused, not scheduled). Pausing and
 * ending bill every day before them first ({@link BillingRun#billUpTo}).
 */
@Service
public class ChangingSubscription {
    private final Subscriptions subscriptions;
    private final Customers customers;
    private final PendingCharges pending;
    private final BillingRun billing;
    private final Outbox outbox;
    private final Clock clock;

    public ChangingSubscription(Subscriptions subscriptions, Customers customers, PendingCharges pending, BillingRun billing,
                                Outbox outbox, Clock clock) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.pending = pending;
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

    @Transactional
    public Subscription change(UUID id, String description, BigDecimal quantity, BigDecimal unitPrice, LocalDate effective) {
        Loaded l = load(id);
        Subscription s = requireStatus(l.subscription(), "ACTIVE", "PAUSED");
        LocalDate date = effective == null ? l.today() : plausible("effectiveDate", effective);
        String newDescription = description == null ? s.description() : description;
        BigDecimal newQuantity = quantity == null ? s.quantity() : quantity;
        BigDecimal newPrice = unitPrice == null ? s.unitPrice() : unitPrice;
        LineLimit.require(unitPrice == null ? "quantity" : "unitPrice", newQuantity, newPrice, s.taxRate());
        BillingSchedule schedule = s.schedule();
        // the new terms reach the next invoice at once: a later effective date would bill days before it at the new terms
        LocalDate latest = s.inArrears() ? schedule.cutDate(s.periodsBilled() + 1) : schedule.cutDate(s.periodsBilled());
        if (date.isAfter(latest)) {
            throw ApiProblem.unprocessable("effectiveDate", "a change takes effect on " + latest
                    + " at the latest, the start of the next period not billed yet; send a later change when that period is billed");
        }
        if (!s.inArrears() && s.periodsBilled() > 0) {
            int current = s.periodsBilled() - 1;
            LocalDate start = schedule.cutDate(current);
            LocalDate end = schedule.cutDate(current + 1);
            if (date.isBefore(start)) {
                throw ApiProblem.unprocessable("effectiveDate", "must not be before the current period, which started on " + start);
            }
            if (date.isBefore(end) && "ACTIVE".equals(s.status())) {
                LocalDate[] full = schedule.fullPeriod(current);
                String lang = l.customer().language();
                addCharge(s, Labels.of("credit", lang) + ": " + s.description() + " (" + date + " – " + end.minusDays(1) + ")",
                        Proration.part(s.quantity().multiply(s.unitPrice()), date, end, full[0], full[1]).negate(),
                        "PRORATION_CREDIT");
                addCharge(s, Labels.of("charge", lang) + ": " + newDescription + " (" + date + " – " + end.minusDays(1) + ")",
                        Proration.part(newQuantity.multiply(newPrice), date, end, full[0], full[1]),
                        "PRORATION_CHARGE");
            }
        }
        subscriptions.changePrice(id, newDescription, newQuantity, newPrice);
        outbox.add(EventCatalog.SUBSCRIPTION_CHANGED, s.customerId(), "subscription/" + id,
                new SubscriptionChanged(id, s.customerId(), newDescription, newQuantity, newPrice, s.currency(), s.taxRate(), date));
        return subscriptions.find(id).orElseThrow();
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
        creditUnusedDays(s, l.customer(), date);
        billing.billUpTo(s, l.customer(), date, l.today(), clock.instant());
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
                LocalDate end = schedule.cutDate(k + 1);
                LocalDate[] full = schedule.fullPeriod(k);
                addCharge(s, Labels.of("charge", l.customer().language()) + ": " + s.description() + " (" + date + " – "
                                + end.minusDays(1) + ")", Proration.part(s.quantity().multiply(s.unitPrice()), date, end, full[0], full[1]),
                        "PRORATION_CHARGE");
                billedUpTo = Math.max(s.periodsBilled(), k + 1);
            }
            subscriptions.advance(id, billedUpTo, schedule.cutDate(billedUpTo), null);
        } else {
            subscriptions.advance(id, k, BillingRun.nextRequestDate(s, schedule, k),
                    date.isAfter(schedule.cutDate(k)) ? date : null);
        }
        subscriptions.changeStatus(id, "ACTIVE", null, s.endDate());
        return subscriptions.find(id).orElseThrow();
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
            if (immediately) {
                creditUnusedDays(s, l.customer(), endDate);
            }
            ended = billing.billUpTo(s.endingOn(endDate), l.customer(), endDate, l.today(), clock.instant()).reachedLimit();
        }
        subscriptions.changeStatus(id, ended ? "ENDED" : "ACTIVE", null, endDate);
        outbox.add(EventCatalog.SUBSCRIPTION_ENDED, s.customerId(), "subscription/" + id, new SubscriptionEnded(id, s.customerId(), endDate));
        return subscriptions.find(id).orElseThrow();
    }

    /** For a subscription billed in advance: credits the days from {@code date} to the end of the invoiced period. */
    private void creditUnusedDays(Subscription s, Customer customer, LocalDate date) {
        if (s.inArrears() || s.periodsBilled() == 0) {
            return;
        }
        BillingSchedule schedule = s.schedule();
        int current = s.periodsBilled() - 1;
        LocalDate start = schedule.cutDate(current);
        LocalDate end = schedule.cutDate(current + 1);
        if (date.isBefore(start)) {
            throw ApiProblem.unprocessable("date", "must not be before the current period, which started on " + start);
        }
        if (!date.isBefore(end)) {
            return;
        }
        LocalDate[] full = schedule.fullPeriod(current);
        addCharge(s, Labels.of("credit", customer.language()) + ": " + s.description() + " (" + date + " – " + end.minusDays(1) + ")",
                Proration.part(s.quantity().multiply(s.unitPrice()), date, end, full[0], full[1]).negate(),
                "PRORATION_CREDIT");
    }

    /** A prorated charge or credit of a change made by staff: each one counts, so none has a source reference to repeat. */
    private void addCharge(Subscription s, String description, BigDecimal amount, String kind) {
        if (amount.signum() == 0) {
            return;
        }
        pending.add(new PendingCharges.Charge(UUID.randomUUID(), s.customerId(), s.id(), description, BigDecimal.ONE,
                amount, s.taxRate(), s.currency(), kind, null), clock.instant());
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
