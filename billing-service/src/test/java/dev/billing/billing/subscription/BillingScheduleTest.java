package dev.billing.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.Period;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BillingScheduleTest {

    @Test
    void monthlyAnchorOnThe31stFallsBackToShortMonthsAndReturns() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 1, 31), Period.ofMonths(1));
        assertThat(IntStream.range(0, 4).mapToObj(schedule::cutDate)).containsExactly(
                LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
    }

    @Test
    void leapYearFebruaryGetsThe29th() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2028, 1, 30), Period.ofMonths(1));
        assertThat(schedule.cutDate(1)).isEqualTo(LocalDate.of(2028, 2, 29));
        BillingSchedule yearly = new BillingSchedule(LocalDate.of(2028, 2, 29), Period.ofYears(1));
        assertThat(yearly.cutDate(1)).isEqualTo(LocalDate.of(2029, 2, 28));
        assertThat(yearly.cutDate(4)).isEqualTo(LocalDate.of(2032, 2, 29));
    }

    @Test
    void periodEndsTheDayBeforeTheNextCut() {
        BillingSchedule quarterly = new BillingSchedule(LocalDate.of(2027, 1, 1), Period.ofMonths(3));
        assertThat(quarterly.periodEnd(0)).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(quarterly.cutDate(1)).isEqualTo(LocalDate.of(2027, 4, 1));
    }

    @Test
    void dueOnTheCutDateNotBefore() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 3, 15), Period.ofMonths(2));
        assertThat(schedule.isDue(0, LocalDate.of(2027, 3, 14))).isFalse();
        assertThat(schedule.isDue(0, LocalDate.of(2027, 3, 15))).isTrue();
        assertThat(schedule.isDue(1, LocalDate.of(2027, 5, 14))).isFalse();
        assertThat(schedule.isDue(1, LocalDate.of(2027, 5, 15))).isTrue();
    }

    @Test
    void theCutDateIsReachedInTheAccountsTimeZone() {
        BillingSchedule schedule = new BillingSchedule(LocalDate.of(2027, 1, 1), Period.ofMonths(1));
        Clock newYearsEveUtc = Clock.fixed(Instant.parse("2026-12-31T22:30:00Z"), ZoneOffset.UTC);
        assertThat(schedule.isDue(0, LocalDate.now(newYearsEveUtc.withZone(ZoneId.of("Europe/Istanbul"))))).isTrue();
        assertThat(schedule.isDue(0, LocalDate.now(newYearsEveUtc.withZone(ZoneId.of("Europe/Budapest"))))).isFalse();
        assertThat(schedule.isDue(0, LocalDate.now(newYearsEveUtc))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"MONTHLY,P1M", "quarterly,P3M", "YEARLY,P1Y", "P2M,P2M", "P14D,P14D"})
    void intervalsParse(String text, String expected) {
        assertThat(BillingInterval.parse(text)).contains(Period.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"WEEKLYISH", "P0D", "P-1M", "''", "P100Y", "1M"})
    void badIntervalsAreRejected(String text) {
        assertThat(BillingInterval.parse(text)).isEmpty();
    }
}
