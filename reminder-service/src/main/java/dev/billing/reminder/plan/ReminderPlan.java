package dev.billing.reminder.plan;

import dev.billing.reminder.policy.DunningPolicy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan a policy makes for an invoice: each step on its due date plus offset, once per channel, and its task if it
 * escalates; then the last step's messages again every N days, at most M times (the repeats open no more tasks).
 * Dates are the customer's local dates, moved off weekends when the policy says business days only. Steps numbered in
 * date order from 0.
 */
public final class ReminderPlan {
    public static final String TASK = "TASK";

    private ReminderPlan() {
    }

    /** A planned message (channel EMAIL, SMS, WHATSAPP) or task (channel {@link #TASK}). */
    public record Planned(int step, String channel, String template, DunningPolicy.Tone tone, LocalDate dueOn) {
    }

    public static List<Planned> of(DunningPolicy policy, LocalDate dueDate) {
        List<Planned> plan = new ArrayList<>();
        List<DunningPolicy.Step> steps = policy.steps();
        for (int i = 0; i < steps.size(); i++) {
            DunningPolicy.Step step = steps.get(i);
            LocalDate on = onBusinessDay(policy, dueDate.plusDays(step.offsetDays()));
            for (String channel : step.channels()) {
                plan.add(new Planned(i, channel, step.template(), step.tone(), on));
            }
            if (step.escalate()) {
                plan.add(new Planned(i, TASK, step.template(), step.tone(), on));
            }
        }
        if (policy.repeats() && !steps.isEmpty()) {
            DunningPolicy.Step last = steps.get(steps.size() - 1);
            LocalDate lastOn = dueDate.plusDays(last.offsetDays());
            for (int repeat = 1; repeat <= policy.repeatMaxTimes(); repeat++) {
                for (String channel : last.channels()) {
                    plan.add(new Planned(steps.size() - 1 + repeat, channel, last.template(), last.tone(),
                            onBusinessDay(policy, lastOn.plusDays((long) repeat * policy.repeatEveryDays()))));
                }
            }
        }
        return plan;
    }

    /** With business days only, a Saturday or Sunday becomes the Monday after (public holidays are not known). */
    static LocalDate onBusinessDay(DunningPolicy policy, LocalDate day) {
        if (!policy.businessDaysOnly()) {
            return day;
        }
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> day.plusDays(2);
            case SUNDAY -> day.plusDays(1);
            default -> day;
        };
    }

    /** The plan's steps from {@code from} on: a plan made again (the invoice reopened) does not send what is past. */
    public static List<Planned> from(List<Planned> plan, LocalDate from) {
        return plan.stream().filter(p -> !p.dueOn().isBefore(from)).toList();
    }
}
