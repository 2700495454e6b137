package dev.billing.reminder.policy;

import dev.billing.reminder.plan.ReminderPlan;
import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/reminders/policies}: dunning policies, each edit a new version ({@code PUT}); the seeded default policy
 * is the one every customer follows unless {@code PUT /api/reminders/customers/{id}/policy} ({@code ReminderController})
 * gives them another or excludes them. A plan keeps the version it was made with.
 */
@RestController
public class PolicyController {
    private static final int MAX_OFFSET = 365;
    private final DunningPolicies policies;
    private final Clock clock;

    PolicyController(DunningPolicies policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    public record StepRequest(Integer offsetDays, List<String> channels, String template, String tone, Boolean escalate) {
    }

    public record PolicyRequest(@NotBlank @Size(max = 200) String name, @NotNull @Size(min = 1, max = 20) List<@NotNull StepRequest> steps,
                                Integer repeatEveryDays, Integer repeatMaxTimes, Boolean businessDaysOnly, String sendFrom,
                                String sendUntil) {
    }

    @GetMapping("/api/reminders/policies")
    public List<DunningPolicy> list() {
        return policies.all();
    }

    @GetMapping("/api/reminders/policies/{id}")
    public DunningPolicy get(@PathVariable UUID id, @RequestParam(required = false) Integer version) {
        return (version == null ? policies.latest(id) : policies.version(id, version))
                .orElseThrow(() -> ApiProblem.notFound("Dunning policy", version == null ? id : id + " version " + version));
    }

    @PostMapping("/api/reminders/policies")
    @Transactional
    public ResponseEntity<DunningPolicy> create(@Valid @RequestBody PolicyRequest request) {
        DunningPolicy policy = policy(UUID.randomUUID(), 1, false, request);
        policies.insert(policy, Actor.current().id(), clock.instant());
        return ResponseEntity.created(URI.create("/api/reminders/policies/" + policy.id())).body(policy);
    }

    /** A new version; plans made before keep theirs, invoices issued from now on get this one. */
    @PutMapping("/api/reminders/policies/{id}")
    @Transactional
    public DunningPolicy edit(@PathVariable UUID id, @Valid @RequestBody PolicyRequest request) {
        DunningPolicy current = policies.lockLatest(id).orElseThrow(() -> ApiProblem.notFound("Dunning policy", id));
        DunningPolicy next = policy(id, current.version() + 1, current.isDefault(), request);
        policies.insert(next, Actor.current().id(), clock.instant());
        return next;
    }

    /** A sample invoice's plan under the policy as written, stored nowhere: what the staff UI shows while a policy is edited. */
    public record PreviewRequest(@NotNull @Valid PolicyRequest policy, @NotNull LocalDate dueDate) {
    }

    @PostMapping("/api/reminders/policies/preview")
    public List<ReminderPlan.Planned> preview(@Valid @RequestBody PreviewRequest request) {
        return ReminderPlan.of(policy(UUID.randomUUID(), 1, false, request.policy()), request.dueDate());
    }

    /** The request as a policy, every field checked and named in the refusal ({@code steps[1].offsetDays}). */
    static DunningPolicy policy(UUID id, int version, boolean isDefault, PolicyRequest request) {
        List<DunningPolicy.Step> steps = new ArrayList<>();
        for (int i = 0; i < request.steps().size(); i++) {
            StepRequest step = request.steps().get(i);
            String at = "steps[" + i + "].";
            if (step.offsetDays() == null || step.offsetDays() < -MAX_OFFSET || step.offsetDays() > MAX_OFFSET) {
                throw ApiProblem.badRequest(at + "offsetDays", "must be a number of days from -" + MAX_OFFSET + " to " + MAX_OFFSET);
            }
            List<String> channels = step.channels() == null ? List.of() : step.channels().stream()
                    .map(c -> c == null ? "" : c.toUpperCase(Locale.ROOT)).distinct().toList();
            for (String channel : channels) {
                if (!DunningPolicy.CHANNELS.contains(channel)) {
                    throw ApiProblem.badRequest(at + "channels", "must each be one of EMAIL, SMS, WHATSAPP");
                }
            }
            boolean escalate = Boolean.TRUE.equals(step.escalate());
            if (channels.isEmpty() && !escalate) {
                throw ApiProblem.badRequest(at + "channels", "name at least one channel, or escalate to a task");
            }
            if (step.template() == null || !step.template().matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw ApiProblem.badRequest(at + "template", "must be a template code such as reminder-friendly");
            }
            DunningPolicy.Tone tone;
            try {
                tone = DunningPolicy.Tone.valueOf(String.valueOf(step.tone()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(at + "tone", "must be FRIENDLY, FIRM or FINAL");
            }
            if (steps.stream().anyMatch(s -> s.offsetDays() == step.offsetDays())) {
                throw ApiProblem.badRequest(at + "offsetDays", "another step has the offset " + step.offsetDays());
            }
            steps.add(new DunningPolicy.Step(step.offsetDays(), channels, step.template(), tone, escalate));
        }
        if ((request.repeatEveryDays() == null) != (request.repeatMaxTimes() == null)) {
            throw ApiProblem.badRequest(request.repeatEveryDays() == null ? "repeatEveryDays" : "repeatMaxTimes",
                    "repeatEveryDays and repeatMaxTimes go together");
        }
        if (request.repeatEveryDays() != null && (request.repeatEveryDays() < 1 || request.repeatEveryDays() > 90)) {
            throw ApiProblem.badRequest("repeatEveryDays", "must be 1-90");
        }
        if (request.repeatMaxTimes() != null && (request.repeatMaxTimes() < 1 || request.repeatMaxTimes() > 24)) {
            throw ApiProblem.badRequest("repeatMaxTimes", "must be 1-24");
        }
        if ((request.sendFrom() == null) != (request.sendUntil() == null)) {
            throw ApiProblem.badRequest(request.sendFrom() == null ? "sendFrom" : "sendUntil", "sendFrom and sendUntil go together");
        }
        LocalTime from = time("sendFrom", request.sendFrom());
        LocalTime until = time("sendUntil", request.sendUntil());
        if (from != null && !from.isBefore(until)) {
            throw ApiProblem.badRequest("sendUntil", "must be after sendFrom (quiet hours within one day)");
        }
        return new DunningPolicy(id, version, request.name().strip(), isDefault, steps, request.repeatEveryDays(), request.repeatMaxTimes(),
                Boolean.TRUE.equals(request.businessDaysOnly()), from, until);
    }

    private static LocalTime time(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text.strip()).withSecond(0).withNano(0);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.badRequest(field, "must be a time of day such as 09:00");
        }
    }
}
