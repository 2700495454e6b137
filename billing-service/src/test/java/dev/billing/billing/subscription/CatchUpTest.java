package dev.billing.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
import java.time.LocalDate;
import java.time.Period;
import org.junit.jupiter.api.Test;

class CatchUpTest {
    private static final LocalDate TODAY = LocalDate.of(2027, 1, 1);

    private static BillingSchedule monthly(LocalDate start, boolean arrears) {
        return new BillingSchedule(start, Period.ofMonths(1), null, arrears);
    }

    @Test
    void moreThanTwelvePeriodsToCatchUpAreRefusedUnlessConfirmed() {
        // in advance from 2026-01-01: 13 cut dates up to and including 2027-01-01
        BillingSchedule thirteen = monthly(LocalDate.of(2026, 1, 1), false);
        assertThat(CatchUp.periodsDue(thirteen, TODAY)).isEqualTo(13);
        assertThatThrownBy(() -> CatchUp.require(thirteen, TODAY, false)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("confirmCatchUp");
        assertThatCode(() -> CatchUp.require(thirteen, TODAY, true)).doesNotThrowAnyException();

        assertThatCode(() -> CatchUp.require(monthly(LocalDate.of(2026, 2, 1), false), TODAY, false)).doesNotThrowAnyException();
        // in arrears the period of 2027-01 is not due yet: twelve
        assertThat(CatchUp.periodsDue(monthly(LocalDate.of(2026, 1, 1), true), TODAY)).isEqualTo(12);
        assertThat(CatchUp.periodsDue(monthly(LocalDate.of(2000, 1, 1), false), TODAY)).isEqualTo(CatchUp.LIMIT + 1);
        assertThat(CatchUp.periodsDue(monthly(LocalDate.of(2027, 3, 1), false), TODAY)).isZero();
    }
}
