package dev.billing.reminder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.reminder.policy.DunningPolicy;
import dev.billing.reminder.policy.DunningPolicy.Step;
import dev.billing.reminder.policy.DunningPolicy.Tone;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReminderPlanTest {
    private static final DunningPolicy POLICY = new DunningPolicy(UUID.randomUUID(), 1, "Test", false, List.of(
            new Step(7, List.of("EMAIL"), "reminder-firm", Tone.FIRM, true),
            new Step(-3, List.of("EMAIL", "SMS"), "reminder-friendly", Tone.FRIENDLY, false),
            new Step(0, List.of("EMAIL"), "reminder-friendly", Tone.FRIENDLY, false)), 7, 2, false, null, null);

    @Test
    void stepsFallOnTheDueDatePlusTheirOffsetInDateOrderOncePerChannelAcrossMonthEnds() {
        List<ReminderPlan.Planned> plan = ReminderPlan.of(POLICY, LocalDate.of(2027, 2, 27));

        assertThat(plan).extracting(p -> p.step() + " " + p.channel() + " " + p.dueOn()).containsExactly(
                "0 EMAIL 2027-02-24", "0 SMS 2027-02-24", "1 EMAIL 2027-02-27", "2 EMAIL 2027-03-06", "2 TASK 2027-03-06",
                "3 EMAIL 2027-03-13", "4 EMAIL 2027-03-20");
    }

    @Test
    void repeatsSendTheLastStepAgainButOpenNoMoreTasks() {
        List<ReminderPlan.Planned> plan = ReminderPlan.of(POLICY, LocalDate.of(2027, 12, 30));

        assertThat(plan.stream().filter(p -> p.step() > 2)).extracting(p -> p.channel() + " " + p.dueOn() + " " + p.tone())
                .containsExactly("EMAIL 2028-01-13 FIRM", "EMAIL 2028-01-20 FIRM");
        assertThat(plan.stream().filter(p -> p.channel().equals(ReminderPlan.TASK))).hasSize(1);
    }

    @Test
    void aPlanMadeAgainKeepsOnlyTheStepsFromThatDayOn() {
        List<ReminderPlan.Planned> plan = ReminderPlan.of(POLICY, LocalDate.of(2027, 3, 10));

        assertThat(ReminderPlan.from(plan, LocalDate.of(2027, 3, 17))).extracting(ReminderPlan.Planned::step).containsExactly(2, 2, 3, 4);
    }

    @Test
    void aPolicyWithoutRepeatsEndsWithItsLastStep() {
        DunningPolicy once = new DunningPolicy(UUID.randomUUID(), 1, "Once", false,
                List.of(new Step(0, List.of(), "task", Tone.FINAL, true)), null, null, false, null, null);

        assertThat(ReminderPlan.of(once, LocalDate.of(2027, 1, 31))).extracting(p -> p.channel() + " " + p.dueOn())
                .containsExactly("TASK 2027-01-31");
    }

    @Test
    void onBusinessDaysOnlyAStepOnAWeekendMovesToTheMondayAfter() {
        DunningPolicy weekdays = new DunningPolicy(UUID.randomUUID(), 1, "Weekdays", false, List.of(
                new Step(0, List.of("EMAIL"), "reminder-friendly", Tone.FRIENDLY, false),
                new Step(1, List.of("EMAIL"), "reminder-firm", Tone.FIRM, false),
                new Step(3, List.of("EMAIL"), "reminder-final", Tone.FINAL, false)), null, null, true, null, null);

        // 2027-03-06 is a Saturday
        assertThat(ReminderPlan.of(weekdays, LocalDate.of(2027, 3, 6))).extracting(p -> p.dueOn().toString())
                .containsExactly("2027-03-08", "2027-03-08", "2027-03-09");
    }
}
