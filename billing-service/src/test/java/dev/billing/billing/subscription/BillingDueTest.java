package dev.billing.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import org.junit.jupiter.api.Test;

/** Which days are invoiced when: every day exactly once, up to an end or a pause, from a return day. */
class BillingDueTest {
    private static final LocalDate MARCH = LocalDate.of(2027, 3, 1);
    private static final BillingSchedule ADVANCE = new BillingSchedule(MARCH, Period.ofMonths(1), null, false);
    private static final BillingSchedule ARREARS = new BillingSchedule(MARCH, Period.ofMonths(1), null, true);

    private static BillingSchedule.Span span(int period, String start, String end) {
        return new BillingSchedule.Span(period, LocalDate.parse(start), LocalDate.parse(end));
    }

    @Test
    void missedPeriodsAreAllDueOnceAndTheNextOneWaitsForItsDay() {
        BillingSchedule.Due due = ADVANCE.due(0, null, null, LocalDate.of(2027, 5, 1), 120);
        assertThat(due.spans()).containsExactly(span(0, "2027-03-01", "2027-04-01"), span(1, "2027-04-01", "2027-05-01"),
                span(2, "2027-05-01", "2027-06-01"));
        assertThat(due.nextPeriod()).isEqualTo(3);
        assertThat(due.reachedLimit()).isFalse();
        assertThat(ARREARS.due(0, null, null, LocalDate.of(2027, 3, 31), 120).spans()).as("in arrears, after the period").isEmpty();
        assertThat(ADVANCE.due(0, null, null, LocalDate.of(2027, 5, 1), 2).spans()).hasSize(2);
    }

    @Test
    void periodsNotYetBilledWhenTheSubscriptionEndsAreBilledUpToTheEnd() {
        LocalDate end = LocalDate.of(2027, 4, 11);
        BillingSchedule.Due advance = ADVANCE.due(0, null, end, end, 120);
        assertThat(advance.spans()).containsExactly(span(0, "2027-03-01", "2027-04-01"), span(1, "2027-04-01", "2027-04-11"));
        assertThat(advance.reachedLimit()).isTrue();
        assertThat(advance.nextPeriod()).isEqualTo(2);
        BillingSchedule.Due arrears = ARREARS.due(0, null, end, end, 120);
        assertThat(arrears.spans()).isEqualTo(advance.spans());
        assertThat(arrears.reachedLimit()).isTrue();
        // already billed up to the end: nothing more, and done
        assertThat(ADVANCE.due(2, null, LocalDate.of(2027, 5, 1), end, 120)).isEqualTo(new BillingSchedule.Due(java.util.List.of(), 2, true));
    }

    @Test
    void inArrearsTheDaysBeforeAPauseAreDueAtThePauseAndThePeriodResumesFromTheReturnDay() {
        LocalDate pause = LocalDate.of(2027, 3, 11);
        BillingSchedule.Due used = ARREARS.due(0, null, pause, pause, 120);
        assertThat(used.spans()).containsExactly(span(0, "2027-03-01", "2027-03-11"));
        assertThat(used.nextPeriod()).isEqualTo(1);
        // back on 21 March: period 0 again, from the return day, due after its end
        assertThat(ARREARS.due(0, LocalDate.of(2027, 3, 21), null, LocalDate.of(2027, 3, 31), 120).spans()).isEmpty();
        BillingSchedule.Due rest = ARREARS.due(0, LocalDate.of(2027, 3, 21), null, LocalDate.of(2027, 4, 1), 120);
        assertThat(rest.spans()).containsExactly(span(0, "2027-03-21", "2027-04-01"));
        // paused and back the same day: nothing before the pause is billed twice
        assertThat(ARREARS.due(0, pause, pause, pause, 120)).isEqualTo(new BillingSchedule.Due(java.util.List.of(), 0, true));
    }
}
