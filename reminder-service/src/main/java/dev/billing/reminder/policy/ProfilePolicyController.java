package dev.billing.reminder.policy;

import dev.billing.reminder.profile.PayerProfile;
import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Policies by payer profile: {@code PUT /api/reminders/profile-policies/{profile}} with {@code {"policyId": ...}}
 * gives the customers of that profile who have no policy of their own that policy for their next invoices
 * ({@code null}: the default again); {@code GET /api/reminders/profile-policies} lists the choices.
 */
@RestController
class ProfilePolicyController {
    private final DunningPolicies policies;
    private final Clock clock;

    ProfilePolicyController(DunningPolicies policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    record Choice(UUID policyId) {
    }

    record ChoiceView(String profile, UUID policyId, String policyName) {
    }

    @GetMapping("/api/reminders/profile-policies")
    Map<String, ChoiceView> all() {
        Map<String, ChoiceView> choices = new TreeMap<>();
        policies.profilePolicies().forEach((profile, id) -> choices.put(profile,
                new ChoiceView(profile, id, policies.latest(id).map(DunningPolicy::name).orElse(null))));
        return choices;
    }

    @PutMapping("/api/reminders/profile-policies/{profile}")
    @Transactional
    ChoiceView choose(@PathVariable String profile, @RequestBody Choice choice) {
        PayerProfile.Kind kind;
        try {
            kind = PayerProfile.Kind.valueOf(profile);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("profile", "must be one of ON_TIME, FORGETFUL, CHRONIC_LATE, IN_DIFFICULTY");
        }
        String name = null;
        if (choice.policyId() != null) {
            name = policies.latest(choice.policyId()).orElseThrow(() -> ApiProblem.notFound("policyId", "Dunning policy", choice.policyId()))
                    .name();
        }
        policies.chooseForProfile(kind, choice.policyId(), Actor.current().id(), clock.instant());
        return new ChoiceView(kind.name(), choice.policyId(), name);
    }
}
