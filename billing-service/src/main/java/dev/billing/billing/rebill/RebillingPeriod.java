package dev.billing.billing.rebill;

import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.run.BilledPeriods;
import dev.billing.billing.run.BillingRun;
import dev.billing.billing.subscription.BillingSchedule;
import dev.billing.billing.subscription.Subscription;
import dev.billing.billing.subscription.Subscriptions;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff bill a period again whose invoice was cancelled: one new {@code InvoiceRequested} for the
 * same days (at the subscription's current price and terms, with the customer's pending charges),
 * under the request id {@code <subscription>:<period start>:rebill-<n>}. A period that was not
 * cancelled, or was billed again already, is refused.
 */
@Service
public class RebillingPeriod {
    private final Subscriptions subscriptions;
    private final Customers customers;
    private final BilledPeriods billedPeriods;
    private final BillingRun billing;
    private final Clock clock;

    public RebillingPeriod(Subscriptions subscriptions, Customers customers, BilledPeriods billedPeriods, BillingRun billing,
                           Clock clock) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.billedPeriods = billedPeriods;
        this.billing = billing;
        this.clock = clock;
    }

    public record Rebilled(UUID subscriptionId, LocalDate periodStart, LocalDate periodEnd, String requestId) {
    }

    @Transactional
    public Rebilled rebill(UUID subscriptionId, LocalDate periodStart) {
        Subscription subscription = subscriptions.lock(subscriptionId)
                .orElseThrow(() -> ApiProblem.notFound("Subscription", subscriptionId));
        BilledPeriods.BilledPeriod period = billedPeriods.lock(subscriptionId, periodStart)
                .orElseThrow(() -> ApiProblem.unprocessable("periodStart", "no billed period of this subscription starts on "
                        + periodStart));
        if (!period.cancelled()) {
            throw ApiProblem.conflict("periodStart", period.rebillCount() > 0
                    ? "the period starting on " + periodStart + " was billed again already (" + period.requestId() + ")"
                    : "the invoice of the period starting on " + periodStart + " was not cancelled");
        }
        Customer customer = customers.find(subscription.customerId()).orElseThrow();
        String requestId = BillingSchedule.requestId(subscriptionId, periodStart) + ":rebill-" + (period.rebillCount() + 1);
        billing.requestPeriod(requestId, subscription, customer, period.start(), period.end(),
                LocalDate.now(clock.withZone(customer.timeZone())));
        billedPeriods.rebilled(period, requestId, clock.instant());
        return new Rebilled(subscriptionId, period.start(), period.end().minusDays(1), requestId);
    }
}
