package dev.billing.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnchoredScheduleTest {

    @Test
    void billingDayGivesAPartialFirstPeriodThenAnchoredOnes() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 1, 15), Period.ofMonths(1), 1, false);
        assertThat(IntStream.range(0, 4).mapToObj(schedule::cutDate)).containsExactly(LocalDate.of(2027, 1, 15),
                LocalDate.of(2027, 2, 1), LocalDate.of(2027, 3, 1), LocalDate.of(2027, 4, 1));
        assertThat(schedule.isPartial(0)).isTrue();
        assertThat(schedule.isPartial(1)).isFalse();
        assertThat(schedule.fullPeriod(0)).containsExactly(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1));
    }

    @Test
    void billingDayThirtyFirstMeansTheMonthsLastDay() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 1, 10), Period.ofMonths(1), 31, false);
        assertThat(IntStream.range(0, 4).mapToObj(schedule::cutDate)).containsExactly(LocalDate.of(2027, 1, 10),
                LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31));
        BillingSchedule fromFebruary = new BillingSchedule(LocalDate.of(2027, 2, 28), Period.ofMonths(1), 31, false);
        assertThat(fromFebruary.isPartial(0)).isFalse();
        assertThat(fromFebruary.cutDate(1)).isEqualTo(LocalDate.of(2027, 3, 31));
    }

    @Test
    void billingDaysBeyondAShortMonthProrateTheFirstPeriodAgainstTheRealPreviousBillingDay() {
        // billing day 31 from 2027-02-10: the first period ends on 28 February; the billing day before it was 31 January
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 2, 10), Period.ofMonths(1), 31, false);
        assertThat(schedule.cutDate(1)).isEqualTo(LocalDate.of(2027, 2, 28));
        assertThat(schedule.fullPeriod(0)).containsExactly(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28));
        LocalDate[] full = schedule.fullPeriod(0);
        assertThat(Proration.part(new BigDecimal("2800"), LocalDate.of(2027, 2, 10), schedule.cutDate(1), full[0], full[1]))
                .isEqualByComparingTo("1800");
        // billing day 30 from 2027-03-05 (leap year 2028 too): the day before the anchor 30 March is 28/29 February
        BillingSchedule thirty = new BillingSchedule(LocalDate.of(2028, 3, 5), Period.ofMonths(1), 30, false);
        assertThat(thirty.fullPeriod(0)).containsExactly(LocalDate.of(2028, 2, 29), LocalDate.of(2028, 3, 30));
        BillingSchedule quarterly = new BillingSchedule(LocalDate.of(2027, 5, 10), Period.ofMonths(3), 31, false);
        assertThat(quarterly.fullPeriod(0)).containsExactly(LocalDate.of(2027, 2, 28), LocalDate.of(2027, 5, 31));
    }

    @Test
    void inArrearsAPeriodIsDueTheDayAfterItEnds() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 1, 1), Period.ofMonths(1), null, true);
        assertThat(schedule.isDue(0, LocalDate.of(2027, 1, 31))).isFalse();
        assertThat(schedule.isDue(0, LocalDate.of(2027, 2, 1))).isTrue();
    }

    @Test
    void findsThePeriodOfADate() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 1, 1), Period.ofMonths(1));
        assertThat(schedule.periodContaining(LocalDate.of(2027, 1, 1))).isZero();
        assertThat(schedule.periodContaining(LocalDate.of(2027, 3, 31))).isEqualTo(2);
    }

    @Test
    void billingDayNeedsMonths() {
        assertThatThrownBy(() -> new BillingSchedule(LocalDate.of(2027, 1, 1), Period.ofDays(14), 1, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prorationCountsTheDaysOfThatVeryPeriod() {
        // 17 of February's 28 days, 17 of March's 31 days
        assertThat(Proration.part(new BigDecimal("2800"), LocalDate.of(2027, 2, 12), LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 2, 1), LocalDate.of(2027, 3, 1))).isEqualByComparingTo("1700.0000");
        assertThat(Proration.part(new BigDecimal("3100"), LocalDate.of(2027, 3, 15), LocalDate.of(2027, 4, 1),
                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 4, 1))).isEqualByComparingTo("1700.0000");
        assertThat(Proration.part(new BigDecimal("100"), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 2),
                LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 4))).isEqualByComparingTo("33.3333");
    }
}
