package dev.billing.reminder.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which of an invoice's due steps fire: per channel only the latest one (the highest step); the earlier ones, which
 * fell due while nothing fired (an outage, a pause, a promise), are skipped, so a customer never gets a burst of old
 * reminders and never more than one per invoice and channel in a run. (The scan leaves out channels that sent today.)
 */
public final class FiringRule {
    private FiringRule() {
    }

    /** A step due now: its row, number and channel. */
    public record Due(UUID id, int step, String channel) {
    }

    public record Decision(List<Due> fire, List<Due> skip) {
    }

    /** {@code due}: one invoice's due steps. */
    public static Decision decide(List<Due> due) {
        Map<String, Due> latest = new LinkedHashMap<>();
        for (Due step : due.stream().sorted(Comparator.comparingInt(Due::step)).toList()) {
            latest.put(step.channel(), step);
        }
        List<Due> skip = new ArrayList<>();
        for (Due step : due) {
            if (latest.get(step.channel()) != step) {
                skip.add(step);
            }
        }
        return new Decision(List.copyOf(latest.values()), skip);
    }
}
