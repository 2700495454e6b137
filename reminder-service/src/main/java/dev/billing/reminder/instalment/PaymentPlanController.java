package dev.billing.reminder.instalment;

import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/reminders/payment-plans}: make a plan for an open invoice ({@code POST}, 201), change its terms before it
 * starts ({@code PUT /{id}}), end it ({@code POST /{id}/cancel}), read one or an invoice's ({@code GET ?invoiceId=}).
 */
@RestController
class PaymentPlanController {
    private final MakingPaymentPlan making;
    private final PaymentPlans plans;

    PaymentPlanController(MakingPaymentPlan making, PaymentPlans plans) {
        this.making = making;
        this.plans = plans;
    }

    record PlanRequest(@NotNull UUID invoiceId, @NotNull Integer instalments, @NotNull Instalments.Frequency frequency,
                       @NotNull LocalDate firstDueOn) {
    }

    record TermsRequest(@NotNull Integer instalments, @NotNull Instalments.Frequency frequency, @NotNull LocalDate firstDueOn) {
    }

    record CancelRequest(@Size(max = 500) String reason) {
    }

    record InstalmentView(int position, LocalDate dueOn, String amount, String status, Instant remindedAt) {
    }

    /** {@code status}: ACTIVE, COMPLETED, BROKEN (an instalment was missed) or CANCELLED; amounts as strings in the currency's precision. */
    record PlanView(UUID id, UUID invoiceId, UUID customerId, String currency, String total, String frequency, String status,
                    String endedReason, String createdBy, Instant createdAt, List<InstalmentView> instalments) {
    }

    @PostMapping("/api/reminders/payment-plans")
    ResponseEntity<PlanView> make(@Valid @RequestBody PlanRequest request) {
        PaymentPlans.Plan plan = making.make(request.invoiceId(),
                new MakingPaymentPlan.Terms(request.instalments(), request.frequency(), request.firstDueOn()));
        return ResponseEntity.created(URI.create("/api/reminders/payment-plans/" + plan.id())).body(view(plan.id()));
    }

    @PutMapping("/api/reminders/payment-plans/{id}")
    PlanView edit(@PathVariable UUID id, @Valid @RequestBody TermsRequest request) {
        making.edit(id, new MakingPaymentPlan.Terms(request.instalments(), request.frequency(), request.firstDueOn()));
        return view(id);
    }

    @PostMapping("/api/reminders/payment-plans/{id}/cancel")
    PlanView cancel(@PathVariable UUID id, @Valid @RequestBody(required = false) CancelRequest request) {
        String reason = request == null || request.reason() == null || request.reason().isBlank() ? "ended by staff"
                : RequestValues.singleLine("reason", request.reason()).strip();
        making.cancel(id, reason);
        return view(id);
    }

    @GetMapping("/api/reminders/payment-plans/{id}")
    PlanView get(@PathVariable UUID id) {
        return view(id);
    }

    @GetMapping("/api/reminders/payment-plans")
    List<PlanView> ofInvoice(@RequestParam UUID invoiceId) {
        return plans.ofInvoice(invoiceId).stream().map(plan -> view(plan.id())).toList();
    }

    private PlanView view(UUID id) {
        PaymentPlans.Plan plan = plans.find(id).orElseThrow(() -> ApiProblem.notFound("Payment plan", id));
        return new PlanView(plan.id(), plan.invoiceId(), plan.customerId(), plan.currency(), amount(plan.total(), plan.currency()),
                plan.frequency(), plan.status(), plan.endedReason(), plan.createdBy(), plan.createdAt(),
                plans.instalments(id).stream().map(i -> new InstalmentView(i.position(), i.dueOn(), amount(i.amount(), plan.currency()),
                        i.status(), i.remindedAt())).toList());
    }

    private static String amount(java.math.BigDecimal amount, String currency) {
        return dev.billing.support.money.Money.exact(amount, currency).toPlainString();
    }
}
