package dev.billing.dispute.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FirstResponseSlaTest {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");

    @Test
    void twoBusinessDaysFromATuesdayAreThursdayAtTheSameLocalTime() {
        Instant opened = Instant.parse("2026-03-03T07:15:00Z"); // Tuesday 10:15 in Istanbul
        assertThat(FirstResponseSla.respondBy(opened, ISTANBUL, 2)).isEqualTo(Instant.parse("2026-03-05T07:15:00Z"));
    }

    @Test
    void aFridayDisputeIsDueOnTuesdayTheWeekendDoesNotCount() {
        Instant opened = Instant.parse("2026-03-06T13:00:00Z"); // Friday 16:00 in Istanbul
        assertThat(FirstResponseSla.respondBy(opened, ISTANBUL, 2)).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
    }

    @Test
    void aWeekendDisputeStartsItsClockOnMondayMorning() {
        Instant opened = Instant.parse("2026-03-07T09:00:00Z"); // Saturday in Istanbul
        assertThat(FirstResponseSla.respondBy(opened, ISTANBUL, 2)).isEqualTo(Instant.parse("2026-03-10T21:00:00Z")); // Wed 00:00
        assertThat(FirstResponseSla.respondBy(opened, ISTANBUL, 1)).isEqualTo(Instant.parse("2026-03-09T21:00:00Z")); // Tue 00:00
    }

    @Test
    void businessDaysAreTheCustomersFridayNightInUtcIsSaturdayInIstanbul() {
        Instant opened = Instant.parse("2026-03-06T22:30:00Z"); // Friday 22:30 UTC, Saturday 01:30 in Istanbul
        assertThat(FirstResponseSla.respondBy(opened, ISTANBUL, 2)).isEqualTo(Instant.parse("2026-03-10T21:00:00Z"));
        assertThat(FirstResponseSla.respondBy(opened, ZoneId.of("UTC"), 2)).isEqualTo(Instant.parse("2026-03-10T22:30:00Z"));
    }

    @Test
    void theConfiguredNumberOfDaysCountsAndZeroIsRefused() {
        Instant opened = Instant.parse("2026-03-02T07:00:00Z"); // Monday
        assertThat(FirstResponseSla.respondBy(opened, ISTANBUL, 5)).isEqualTo(Instant.parse("2026-03-09T07:00:00Z"));
        assertThatThrownBy(() -> FirstResponseSla.respondBy(opened, ISTANBUL, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroConfiguredBusinessDaysStopTheServiceAtStartupNotEachOpening() {
        assertThatThrownBy(() -> new OpeningDispute(null, null, null, null, null, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DISPUTE_FIRST_RESPONSE_BUSINESS_DAYS").hasMessageContaining("at least 1");
        assertThat(FirstResponseSla.requireValid(1)).isEqualTo(1);
    }
}
