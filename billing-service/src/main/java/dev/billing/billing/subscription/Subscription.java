package dev.billing.billing.subscription;

import dev.billing.events.billing.DueRule;

import dev.billing.billing.terms.PaymentTerms;
import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;

/**
 * A recurring service sold to a customer. Billed in advance unless {@code inArrears}; optionally
 * anchored on a billing day; ACTIVE, PAUSED (from {@code pausedFrom}) or ENDED (on {@code endDate},
 * exclusive). Terms fields, when set, override the account's payment terms. {@code unbilledFrom}: in
 * arrears, the first day of period {@code periodsBilled} still to bill, when the days before it were
 * billed at a pause (null: the period's cut date).
 */
public record Subscription(UUID id, UUID customerId, String description, BigDecimal quantity, BigDecimal unitPrice,
                           String currency, BigDecimal taxRate, Period interval, LocalDate startDate,
                           int periodsBilled, LocalDate nextCutDate, String status, Integer billingDay, boolean inArrears,
                           LocalDate endDate, LocalDate pausedFrom, DueRule dueRule, Integer paymentTermDays,
                           List<String> paymentMethods, LocalDate unbilledFrom) {

    public BillingSchedule schedule() {
        return new BillingSchedule(startDate, interval, billingDay, inArrears);
    }

    /** The invoice line for the days [start, end) of this subscription, prorated when they are not one whole period. */
    public RequestedLine periodLine(LocalDate start, LocalDate end) {
        BillingSchedule schedule = schedule();
        LocalDate[] full = schedule.fullPeriod(schedule.periodContaining(start));
        boolean whole = start.equals(full[0]) && end.equals(full[1]);
        return new RequestedLine(description + " (" + start + " – " + end.minusDays(1) + ")", quantity,
                whole ? unitPrice : Proration.part(unitPrice, start, end, full[0], full[1]), taxRate);
    }

    /** This subscription with the end date {@code date}. */
    public Subscription endingOn(LocalDate date) {
        return new Subscription(id, customerId, description, quantity, unitPrice, currency, taxRate, interval, startDate,
                periodsBilled, nextCutDate, status, billingDay, inArrears, date, pausedFrom, dueRule, paymentTermDays,
                paymentMethods, unbilledFrom);
    }

    /** The account's terms with this subscription's overrides. */
    public PaymentTerms termsWithin(PaymentTerms account) {
        return account.withPayment(dueRule == null ? account.dueRule() : dueRule,
                paymentTermDays == null ? account.days() : paymentTermDays,
                paymentMethods == null ? account.paymentMethods() : paymentMethods);
    }
}
