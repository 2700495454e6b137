package dev.billing.billing.subscription;

import dev.billing.billing.terms.PaymentTerms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;

/**
 * A recurring service sold to a customer. Billed in advance unless {@code inArrears}; optionally
 * anchored on a billing day; ACTIVE, PAUSED (from {@code pausedFrom}) or ENDED (on {@code endDate},
 * exclusive). Terms fields, when set, override the account's payment terms.
 */
public record Subscription(UUID id, UUID customerId, String description, BigDecimal quantity, BigDecimal unitPrice,
                           String currency, BigDecimal taxRate, Period interval, LocalDate startDate,
                           int periodsBilled, LocalDate nextCutDate, String status, Integer billingDay, boolean inArrears,
                           LocalDate endDate, LocalDate pausedFrom, PaymentTerms.DueRule dueRule, Integer paymentTermDays,
                           List<String> paymentMethods) {

    public BillingSchedule schedule() {
        return new BillingSchedule(startDate, interval, billingDay, inArrears);
    }

    /** The account's terms with this subscription's overrides. */
    public PaymentTerms termsWithin(PaymentTerms account) {
        return account.withPayment(dueRule == null ? account.dueRule() : dueRule,
                paymentTermDays == null ? account.days() : paymentTermDays,
                paymentMethods == null ? account.paymentMethods() : paymentMethods);
    }
}
