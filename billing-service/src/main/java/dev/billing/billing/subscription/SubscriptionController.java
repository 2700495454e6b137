package dev.billing.billing.subscription;

import dev.billing.billing.customer.Customers;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.SubscriptionStarted;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/subscriptions}: sells a recurring service; its cut dates follow from start date and interval. */
@RestController
@RequestMapping("/api/subscriptions")
public class SubscriptionController {
    private final Subscriptions subscriptions;
    private final Customers customers;
    private final Outbox outbox;
    private final Clock clock;

    public SubscriptionController(Subscriptions subscriptions, Customers customers, Outbox outbox, Clock clock) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record SellSubscription(
            @NotNull UUID customerId,
            @NotBlank @Size(max = 500) String description,
            String quantity,
            @NotBlank String unitPrice,
            @NotBlank String currency,
            @NotBlank String taxRate,
            @NotBlank String interval,
            @NotNull LocalDate startDate) {
    }

    public record SubscriptionView(UUID id, UUID customerId, String description, String quantity, String unitPrice,
                                   String currency, String taxRate, String interval, LocalDate startDate,
                                   LocalDate nextCutDate, int periodsBilled, String status) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id(), s.customerId(), s.description(), s.quantity().toPlainString(),
                    s.unitPrice().toPlainString(), s.currency(), s.taxRate().toPlainString(), s.interval().toString(),
                    s.startDate(), s.nextCutDate(), s.periodsBilled(), s.status());
        }
    }

    @PostMapping
    @Transactional
    public ResponseEntity<SubscriptionView> sell(@Valid @RequestBody SellSubscription request) {
        BigDecimal quantity = request.quantity() == null ? BigDecimal.ONE : RequestValues.positive("quantity", request.quantity());
        BigDecimal unitPrice = RequestValues.decimal("unitPrice", request.unitPrice());
        BigDecimal taxRate = RequestValues.percent("taxRate", request.taxRate());
        String currency = RequestValues.currency("currency", request.currency()).getCurrencyCode();
        Period interval = BillingInterval.parse(request.interval()).orElseThrow(() -> ApiProblem.badRequest("interval",
                "must be MONTHLY, QUARTERLY, YEARLY or a positive ISO-8601 period such as P2M"));
        if (request.startDate().getYear() < 2000 || request.startDate().getYear() > 2200) {
            throw ApiProblem.badRequest("startDate", "must be a date between 2000 and 2200");
        }
        customers.find(request.customerId())
                .orElseThrow(() -> ApiProblem.notFound("customerId", "Customer", request.customerId()));

        Subscription subscription = new Subscription(UUID.randomUUID(), request.customerId(), request.description().trim(),
                quantity, unitPrice, currency, taxRate, interval, request.startDate(), 0, request.startDate(), "ACTIVE");
        subscriptions.insert(subscription, clock.instant());
        outbox.add(EventCatalog.SUBSCRIPTION_STARTED, subscription.customerId(), "subscription/" + subscription.id(),
                new SubscriptionStarted(subscription.id(), subscription.customerId(), subscription.description(), quantity,
                        unitPrice, currency, taxRate, interval.toString(), subscription.startDate(), subscription.nextCutDate()));
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.id()))
                .body(SubscriptionView.of(subscription));
    }

    @GetMapping("/{id}")
    public SubscriptionView get(@PathVariable UUID id) {
        return subscriptions.find(id).map(SubscriptionView::of).orElseThrow(() -> ApiProblem.notFound("Subscription", id));
    }

    @GetMapping
    public List<SubscriptionView> byCustomer(@RequestParam UUID customerId) {
        return subscriptions.byCustomer(customerId).stream().map(SubscriptionView::of).toList();
    }
}
