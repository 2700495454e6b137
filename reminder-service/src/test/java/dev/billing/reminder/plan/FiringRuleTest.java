package dev.billing.reminder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FiringRuleTest {

    private static FiringRule.Due due(int step, String channel) {
        return new FiringRule.Due(UUID.randomUUID(), step, channel);
    }

    @Test
    void afterAnOutageOnlyTheLatestDueStepOfEachChannelFiresAndTheOlderOnesAreSkipped() {
        FiringRule.Due first = due(0, "EMAIL");
        FiringRule.Due second = due(1, "EMAIL");
        FiringRule.Due third = due(2, "EMAIL");
        FiringRule.Due sms = due(0, "SMS");
        FiringRule.Due task = due(2, "TASK");

        FiringRule.Decision decision = FiringRule.decide(List.of(third, first, sms, second, task));

        assertThat(decision.fire()).containsExactlyInAnyOrder(third, sms, task);
        assertThat(decision.skip()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void oneDueStepFires() {
        FiringRule.Due only = due(3, "EMAIL");

        assertThat(FiringRule.decide(List.of(only))).isEqualTo(new FiringRule.Decision(List.of(only), List.of()));
    }
}
