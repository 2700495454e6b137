package dev.billing.dispute.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ObjectionWindowTest {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T21:30:00Z"), ZoneOffset.UTC);

    @Test
    void theWindowEndsAtTheEndOfTheEighthCalendarDayAfterDeliveryInTheCustomersZone() {
        // delivered 2026-03-02 21:30 UTC: already 3 March 00:30 in Istanbul, still 2 March 16:30 in New York
        Instant delivered = clock.instant();

        ObjectionWindow istanbul = ObjectionWindow.of(LocalDate.parse("2026-03-01"), delivered, ISTANBUL);
        ObjectionWindow newYork = ObjectionWindow.of(LocalDate.parse("2026-03-01"), delivered, NEW_YORK);

        assertThat(istanbul.startDay()).isEqualTo(LocalDate.parse("2026-03-03"));
        assertThat(istanbul.deadline()).isEqualTo(Instant.parse("2026-03-11T20:59:59Z"));
        assertThat(newYork.startDay()).isEqualTo(LocalDate.parse("2026-03-02"));
        // 10 March is after the US change to summer time (8 March): UTC-4
        assertThat(newYork.deadline()).isEqualTo(Instant.parse("2026-03-11T03:59:59Z"));
    }

    @Test
    void withoutADeliveryTheWindowStartsOnTheIssueDate() {
        ObjectionWindow window = ObjectionWindow.of(LocalDate.parse("2026-03-02"), null, ISTANBUL);

        assertThat(window.startDay()).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(window.deadline()).isEqualTo(Instant.parse("2026-03-10T20:59:59Z"));
    }

    @Test
    void aWeekendAtTheEndDoesNotExtendTheWindow() {
        // issued Friday 6 March 2026: the 8th day is Saturday 14 March; Monday 16 March is late
        ObjectionWindow window = ObjectionWindow.of(LocalDate.parse("2026-03-06"), null, ISTANBUL);

        assertThat(window.deadline()).isEqualTo(Instant.parse("2026-03-14T20:59:59Z"));
        assertThat(window.isLate(Instant.parse("2026-03-16T07:00:00Z"))).isTrue();
    }

    @Test
    void anObjectionOnTheLastSecondIsInTimeAndOneAtMidnightAfterItIsLate() {
        ObjectionWindow window = ObjectionWindow.of(LocalDate.parse("2026-03-02"), null, ISTANBUL);

        assertThat(window.isLate(Instant.parse("2026-03-10T20:59:59.999Z"))).isFalse();
        assertThat(window.isLate(Instant.parse("2026-03-10T21:00:00Z"))).isTrue();
        assertThat(window.isLate(Instant.parse("2026-03-02T00:00:00Z"))).isFalse();
    }

    @Test
    void theSameInstantIsLateForOneCustomerAndInTimeForAnotherOnTheOtherSideOfTheWorld() {
        Instant delivered = clock.instant();
        Instant objection = Instant.parse("2026-03-11T02:00:00Z"); // 05:00 on 11 March in Istanbul, 22:00 on 10 March in New York

        assertThat(ObjectionWindow.of(null, delivered, ISTANBUL).isLate(objection)).isFalse();
        assertThat(ObjectionWindow.of(null, delivered, NEW_YORK).isLate(objection)).isFalse();
        Instant later = Instant.parse("2026-03-11T21:30:00Z"); // 00:30 on 12 March in Istanbul, 17:30 on 11 March in New York
        assertThat(ObjectionWindow.of(null, delivered, ISTANBUL).isLate(later)).isTrue();
        assertThat(ObjectionWindow.of(null, delivered, NEW_YORK).isLate(later)).isTrue();
        Instant between = Instant.parse("2026-03-11T10:00:00Z"); // 13:00 on 11 March in Istanbul (in time), 06:00 on 11 March in New York (late)
        assertThat(ObjectionWindow.of(null, delivered, ISTANBUL).isLate(between)).isFalse();
        assertThat(ObjectionWindow.of(null, delivered, NEW_YORK).isLate(between)).isTrue();
    }
}
