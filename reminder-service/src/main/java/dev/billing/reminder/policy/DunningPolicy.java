package dev.billing.reminder.policy;

import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A dunning policy at one version: its steps (each an offset in days from the due date, negative before it, the
 * channels to send on, a template and a tone, and whether it escalates to a staff task), then "repeat the last step
 * every N days, at most M times"; optionally business days only (a step on a weekend moves to the Monday) and quiet
 * hours (messages only between {@code sendFrom} and {@code sendUntil}, the customer's local time). An edit makes a new
 * version; a plan keeps the version it was made from.
 */
public record DunningPolicy(UUID id, int version, String name, boolean isDefault, List<Step> steps, Integer repeatEveryDays,
                            Integer repeatMaxTimes, boolean businessDaysOnly, LocalTime sendFrom, LocalTime sendUntil) {
    public static final Set<String> CHANNELS = Set.of("EMAIL", "SMS", "WHATSAPP");

    public enum Tone { FRIENDLY, FIRM, FINAL }

    /** A step: {@code offsetDays} from the due date; no channels with {@code escalate} is a task only. */
    public record Step(int offsetDays, List<String> channels, String template, Tone tone, boolean escalate) {
    }

    public DunningPolicy {
        steps = steps.stream().sorted(Comparator.comparingInt(Step::offsetDays)).toList();
    }

    public boolean repeats() {
        return repeatEveryDays != null && repeatMaxTimes != null && repeatMaxTimes > 0;
    }
}
