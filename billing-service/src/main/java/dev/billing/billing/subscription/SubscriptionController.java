package dev.billing.billing.subscription;

import dev.billing.billing.charge.LineLimit;
import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.run.BillingRun;
import dev.billing.billing.terms.PaymentTerms;
import dev.billing.billing.terms.TermsRequest;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.SubscriptionStarted;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/**
 * {@code POST /api/subscriptions}: sells a recurring service; its cut dates follow from start date,
 * interval and optional billing day; a start date more than {@value CatchUp#LIMIT} periods back needs
 * {@code "confirmCatchUp": true}. Changes: {@code POST /api/subscriptions/{id}/change|pause|resume|end};
 * {@code POST /api/subscriptions/{id}/change/preview} answers what a change would do without making it.
 */
@RestController
@RequestMapping("/api/subscriptions")
public class SubscriptionController {
    private final Subscriptions subscriptions;
    private final Customers customers;
    private final ChangingSubscription changing;
    private final PreviewingChange previewing;
    private final ScheduledChanges scheduled;
    private final Outbox outbox;
    private final Clock clock;

    public SubscriptionController(Subscriptions subscriptions, Customers customers, ChangingSubscription changing,
                                  PreviewingChange previewing, ScheduledChanges scheduled, Outbox outbox, Clock clock) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.changing = changing;
        this.previewing = previewing;
        this.scheduled = scheduled;
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
            @NotNull LocalDate startDate,
            @Min(1) @Max(31) Integer billingDay,
            @Pattern(regexp = "ADVANCE|ARREARS", message = "must be ADVANCE or ARREARS") String billing,
            @Min(0) @Max(365) Integer paymentTermDays,
            @Valid TermsRequest terms,
            Boolean confirmCatchUp) {
    }

    public record ChangeRequest(@Size(max = 500) String description, String quantity, String unitPrice, LocalDate effectiveDate) {
    }

    public record DateRequest(LocalDate date) {
    }

    public record EndRequest(@Pattern(regexp = "AT_PERIOD_END|IMMEDIATELY", message = "must be AT_PERIOD_END or IMMEDIATELY")
                             String mode, LocalDate date) {
    }

    public record SubscriptionView(UUID id, UUID customerId, String description, String quantity, String unitPrice,
                                   String currency, String taxRate, String interval, LocalDate startDate,
                                   LocalDate nextCutDate, int periodsBilled, String status, Integer billingDay,
                                   String billing, LocalDate endDate, LocalDate pausedFrom,
                                   ScheduledChangeView scheduledChange) {
        static SubscriptionView of(Subscription s, ApplyingChange.Change scheduled) {
            String status = "ACTIVE".equals(s.status()) && s.endDate() != null ? "ENDING" : s.status();
            return new SubscriptionView(s.id(), s.customerId(), s.description(), s.quantity().toPlainString(),
                    s.unitPrice().toPlainString(), s.currency(), s.taxRate().toPlainString(), s.interval().toString(),
                    s.startDate(), s.nextCutDate(), s.periodsBilled(), status, s.billingDay(),
                    s.inArrears() ? "ARREARS" : "ADVANCE", s.endDate(), s.pausedFrom(),
                    scheduled == null ? null : new ScheduledChangeView(scheduled.effective(), scheduled.description(),
                            plain(scheduled.quantity()), plain(scheduled.unitPrice())));
        }

        private static String plain(BigDecimal value) {
            return value == null ? null : value.toPlainString();
        }
    }

    /** A change that takes effect after the current period: what it changes (null: unchanged) and from when. */
    public record ScheduledChangeView(LocalDate effectiveDate, String description, String quantity, String unitPrice) {
    }

    /** A prorated credit or charge a change would leave for the next invoice. */
    public record PreviewLine(String description, String amount, String taxRate, String kind) {
    }

    /**
     * What a change would do: the subscription after it, the credits and charges for the next invoice and their
     * net sum, and the date a change from after the current period would wait for (null: in force at once).
     */
    public record ChangePreview(SubscriptionView subscription, List<PreviewLine> lines, String net, String currency,
                                LocalDate scheduledFor) {
    }

    private SubscriptionView view(Subscription s) {
        return SubscriptionView.of(s, scheduled.find(s.id()).orElse(null));
    }

    @PostMapping
    @Transactional
    public ResponseEntity<SubscriptionView> sell(@Valid @RequestBody SellSubscription request) {
        BigDecimal quantity = request.quantity() == null ? BigDecimal.ONE : RequestValues.positive("quantity", request.quantity());
        BigDecimal unitPrice = RequestValues.decimal("unitPrice", request.unitPrice()).stripTrailingZeros();
        BigDecimal taxRate = RequestValues.percent("taxRate", request.taxRate()).stripTrailingZeros();
        String currency = RequestValues.currency("currency", request.currency()).getCurrencyCode();
        LineLimit.require("unitPrice", quantity, unitPrice, taxRate);
        Period interval = BillingInterval.parse(request.interval()).orElseThrow(() -> ApiProblem.badRequest("interval",
                "must be MONTHLY, QUARTERLY, YEARLY or a positive ISO-8601 period such as P2M"));
        if (request.billingDay() != null && interval.getDays() != 0) {
            throw ApiProblem.badRequest("billingDay", "needs an interval of whole months or years");
        }
        if (request.startDate().getYear() < 2000 || request.startDate().getYear() > 2200) {
            throw ApiProblem.badRequest("startDate", "must be a date between 2000 and 2200");
        }
        TermsRequest overrides = request.terms();
        if (overrides != null && (overrides.lateFee() != null || overrides.lateFeeValue() != null
                || overrides.lateFeeCurrency() != null || overrides.lateFeeTaxRate() != null)) {
            throw ApiProblem.badRequest("terms.lateFee", "late fees are part of the account's terms, not a subscription's");
        }
        String description = RequestValues.singleLine("description", request.description()).trim();
        Customer customer = customers.find(request.customerId())
                .orElseThrow(() -> ApiProblem.notFound("customerId", "Customer", request.customerId()));
        // only what the request names overrides the account's terms; the rest follows the account when it changes
        PaymentTerms terms = overrides == null ? null : overrides.toTerms("terms.",
                request.paymentTermDays() == null ? customer.paymentTermDays() : request.paymentTermDays(), customer.terms());
        boolean arrears = "ARREARS".equals(request.billing());
        Subscription draft = new Subscription(UUID.randomUUID(), request.customerId(), description,
                quantity, unitPrice, currency, taxRate, interval, request.startDate(), 0, request.startDate(), "ACTIVE",
                request.billingDay(), arrears, null, null, overrides == null || overrides.dueRule() == null ? null : terms.dueRule(),
                request.paymentTermDays(), overrides == null || overrides.paymentMethods() == null ? null : terms.paymentMethods(),
                null);
        CatchUp.require(draft.schedule(), LocalDate.now(clock.withZone(customer.timeZone())),
                Boolean.TRUE.equals(request.confirmCatchUp()));
        Subscription subscription = new Subscription(draft.id(), draft.customerId(), draft.description(), quantity, unitPrice,
                currency, taxRate, interval, draft.startDate(), 0, BillingRun.nextRequestDate(draft, draft.schedule(), 0),
                "ACTIVE", draft.billingDay(), arrears, null, null, draft.dueRule(), draft.paymentTermDays(), draft.paymentMethods(),
                null);
        subscriptions.insert(subscription, clock.instant());
        outbox.add(EventCatalog.SUBSCRIPTION_STARTED, subscription.customerId(), "subscription/" + subscription.id(),
                new SubscriptionStarted(subscription.id(), subscription.customerId(), subscription.description(), quantity,
                        unitPrice, currency, taxRate, interval.toString(), subscription.startDate(), subscription.nextCutDate()));
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.id()))
                .body(view(subscription));
    }

    @PostMapping("/{id}/change")
    public SubscriptionView change(@PathVariable UUID id, @Valid @RequestBody ChangeRequest request) {
        ChangeRequest change = valid(request);
        return view(changing.change(id, change.description(), quantity(change), unitPrice(change), change.effectiveDate()));
    }

    /** The change above as a dry run: nothing is stored or announced. */
    @PostMapping("/{id}/change/preview")
    public ChangePreview previewChange(@PathVariable UUID id, @Valid @RequestBody ChangeRequest request) {
        ChangeRequest change = valid(request);
        PreviewingChange.Preview preview = previewing.preview(id, change.description(), quantity(change), unitPrice(change),
                change.effectiveDate());
        Subscription changed = preview.changed();
        return new ChangePreview(SubscriptionView.of(changed, null),
                preview.charges().stream().map(c -> new PreviewLine(c.description(), c.net().stripTrailingZeros().toPlainString(),
                        c.taxRate().toPlainString(), c.kind())).toList(),
                preview.net().stripTrailingZeros().toPlainString(), changed.currency(), preview.scheduledFor());
    }

    private static ChangeRequest valid(ChangeRequest request) {
        if (request.description() == null && request.quantity() == null && request.unitPrice() == null) {
            throw ApiProblem.badRequest("unitPrice", "name at least one of description, quantity, unitPrice to change");
        }
        return new ChangeRequest(
                request.description() == null ? null : RequestValues.singleLine("description", request.description()).trim(),
                request.quantity(), request.unitPrice(), request.effectiveDate());
    }

    private static BigDecimal quantity(ChangeRequest request) {
        return request.quantity() == null ? null : RequestValues.positive("quantity", request.quantity());
    }

    private static BigDecimal unitPrice(ChangeRequest request) {
        return request.unitPrice() == null ? null : RequestValues.decimal("unitPrice", request.unitPrice()).stripTrailingZeros();
    }

    @PostMapping("/{id}/pause")
    public SubscriptionView pause(@PathVariable UUID id, @Valid @RequestBody(required = false) DateRequest request) {
        return view(changing.pause(id, request == null ? null : request.date()));
    }

    @PostMapping("/{id}/resume")
    public SubscriptionView resume(@PathVariable UUID id, @Valid @RequestBody(required = false) DateRequest request) {
        return view(changing.resume(id, request == null ? null : request.date()));
    }

    @PostMapping("/{id}/end")
    public SubscriptionView end(@PathVariable UUID id, @Valid @RequestBody(required = false) EndRequest request) {
        boolean immediately = request != null && "IMMEDIATELY".equals(request.mode());
        return view(changing.end(id, immediately, request == null ? null : request.date()));
    }

    @GetMapping("/{id}")
    public SubscriptionView get(@PathVariable UUID id) {
        return subscriptions.find(id).map(this::view).orElseThrow(() -> ApiProblem.notFound("Subscription", id));
    }

    @GetMapping
    public List<SubscriptionView> byCustomer(@RequestParam UUID customerId) {
        return subscriptions.byCustomer(customerId).stream().map(this::view).toList();
    }
}
