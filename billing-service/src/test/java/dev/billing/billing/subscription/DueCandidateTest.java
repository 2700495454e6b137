package dev.billing.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A subscription read as possibly due is billed only once its day has come in its account's time zone. */
class DueCandidateTest {
    private static final LocalDate CUT = LocalDate.of(2027, 3, 1);
    // 22:30 UTC on the day before the cut: 01:30 on the cut day in Istanbul, 17:30 the day before in New York
    private static final Instant EVENING_BEFORE = Instant.parse("2027-02-28T22:30:00Z");

    private static Subscriptions.Candidate candidate(LocalDate cut, LocalDate change, String zone) {
        return new Subscriptions.Candidate(UUID.randomUUID(), cut, change, zone);
    }

    @Test
    void aCutDateIsDueFromMidnightInTheAccountsTimeZone() {
        assertThat(candidate(CUT, null, "Europe/Istanbul").dueAt(EVENING_BEFORE)).isTrue();
        assertThat(candidate(CUT, null, "America/New_York").dueAt(EVENING_BEFORE)).isFalse();
        assertThat(candidate(CUT, null, "UTC").dueAt(EVENING_BEFORE)).isFalse();
        assertThat(candidate(CUT, null, "UTC").dueAt(Instant.parse("2027-03-01T00:00:00Z"))).isTrue();
    }

    @Test
    void aCutDateMissedEarlierIsStillDue() {
        assertThat(candidate(CUT.minusMonths(2), null, "America/New_York").dueAt(EVENING_BEFORE)).isTrue();
    }

    @Test
    void aScheduledChangeMakesItDueBeforeItsCutDate() {
        LocalDate laterCut = CUT.plusMonths(1);
        assertThat(candidate(laterCut, CUT, "Europe/Istanbul").dueAt(EVENING_BEFORE)).isTrue();
        assertThat(candidate(laterCut, CUT, "America/New_York").dueAt(EVENING_BEFORE)).isFalse();
        assertThat(candidate(laterCut, CUT.plusDays(1), "Europe/Istanbul").dueAt(EVENING_BEFORE)).isFalse();
    }

    @Test
    void aZoneJavaDoesNotKnowCountsAsDue() {
        // billing it then fails for this subscription alone, and says why (TimeZonesIT)
        assertThat(candidate(CUT.plusMonths(1), null, "Mars/Olympus").dueAt(EVENING_BEFORE)).isTrue();
    }
}
