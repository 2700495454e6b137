package dev.billing.reminder.plan;

import dev.billing.reminder.policy.DunningPolicies;
import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An invoice's reminder plan ({@code GET /api/reminders?invoiceId=}: every step with its date, status and reason), and
 * what staff do to it: pause with a reason, resume, record a promise to pay; and which policy a customer follows.
 */
@RestController
public class ReminderController {
    private final Receivables receivables;
    private final ReminderSteps steps;
    private final DunningPolicies policies;
    private final PlanningReminders planning;
    private final Clock clock;

    ReminderController(Receivables receivables, ReminderSteps steps, DunningPolicies policies, PlanningReminders planning, Clock clock) {
        this.receivables = receivables;
        this.steps = steps;
        this.policies = policies;
        this.planning = planning;
        this.clock = clock;
    }

    public record PolicyRef(UUID id, Integer version) {
    }

    /**
     * The plan of an invoice. {@code state}: OPEN, PAID or CANCELLED (UNSEEN: only news of it arrived so far, not its
     * issue); {@code excluded}: its customer gets no reminders; {@code pausedSince}/{@code pauseReason}: held by a
     * dispute ("dispute") or by staff; {@code promisedOn}: held by a promise to pay.
     */
    public record PlanView(UUID invoiceId, UUID customerId, String number, LocalDate dueDate, String currency, String openAmount,
                           String state, String closedReason, boolean excluded, PolicyRef policy, Instant pausedSince,
                           String pauseReason, LocalDate promisedOn, String promisedAmount, List<ReminderSteps.Step> steps) {
    }

    public record PauseRequest(@NotBlank @Size(max = 500) String reason) {
    }

    public record PromiseRequest(@NotNull UUID invoiceId, @NotNull LocalDate promisedOn, String amount) {
    }

    /** {@code policyId} null: the default policy; {@code excluded}: no reminders at all. */
    public record AssignmentRequest(UUID policyId, Boolean excluded) {
    }

    /** {@code source}: CUSTOMER (assigned to them), PROFILE (chosen for their payer profile) or DEFAULT. */
    public record AssignmentView(UUID customerId, UUID policyId, String policyName, boolean excluded, DunningPolicies.Source source) {
    }

    /** The policy a customer's invoices are planned with from now on; excluding them cancels what is still planned. */
    @PutMapping("/api/reminders/customers/{customerId}/policy")
    @Transactional
    public AssignmentView assign(@PathVariable UUID customerId, @RequestBody AssignmentRequest request) {
        boolean excluded = Boolean.TRUE.equals(request.excluded());
        if (request.policyId() != null && policies.latest(request.policyId()).isEmpty()) {
            throw ApiProblem.notFound("policyId", "Dunning policy", request.policyId());
        }
        policies.assign(customerId, request.policyId(), excluded, Actor.current().id(), clock.instant());
        if (excluded) {
            planning.excluded(customerId);
        }
        DunningPolicies.Assignment now = policies.forCustomer(customerId);
        return new AssignmentView(customerId, now.policy().id(), now.policy().name(), now.excluded(), now.source());
    }

    @GetMapping("/api/reminders/customers/{customerId}/policy")
    public AssignmentView assignment(@PathVariable UUID customerId) {
        DunningPolicies.Assignment assignment = policies.forCustomer(customerId);
        return new AssignmentView(customerId, assignment.policy().id(), assignment.policy().name(), assignment.excluded(),
                assignment.source());
    }

    @GetMapping("/api/reminders")
    public PlanView plan(@RequestParam UUID invoiceId) {
        return view(receivables.find(invoiceId).orElseThrow(() -> ApiProblem.notFound("invoiceId", "Invoice", invoiceId)));
    }

    @PostMapping("/api/reminders/invoices/{invoiceId}/pause")
    public PlanView pause(@PathVariable UUID invoiceId, @Valid @RequestBody PauseRequest request) {
        return view(planning.pause(invoiceId, RequestValues.singleLine("reason", request.reason()).strip()));
    }

    @PostMapping("/api/reminders/invoices/{invoiceId}/resume")
    public PlanView resume(@PathVariable UUID invoiceId) {
        return view(planning.resume(invoiceId));
    }

    @PostMapping("/api/reminders/promises")
    public PlanView promise(@Valid @RequestBody PromiseRequest request) {
        return view(planning.promise(request.invoiceId(), request.promisedOn(), request.amount()));
    }

    private PlanView view(Receivables.Receivable r) {
        return new PlanView(r.invoiceId(), r.customerId(), r.number(), r.dueDate(), r.currency(), plain(r.openAmount()), r.state(),
                r.closedReason(), policies.excluded(r.customerId()), new PolicyRef(r.policyId(), r.policyVersion()),
                r.pausedAt(), r.pauseReason(), r.promisedOn(), plain(r.promisedAmount()), steps.of(r.invoiceId()));
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }
}
