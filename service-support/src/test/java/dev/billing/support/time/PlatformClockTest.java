package dev.billing.support.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlatformClockTest {
    private final Clock wall = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void followsTheWallClockUntilMoved() {
        PlatformClock clock = new PlatformClock(wall);
        assertThat(clock.instant()).isEqualTo(wall.instant());
        assertThat(clock.advanceTo(clock.offsetFor(Instant.parse("2027-01-01T00:00:00Z")))).isTrue();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void neverMovesBack() {
        PlatformClock clock = new PlatformClock(wall);
        clock.advanceTo(clock.offsetFor(Instant.parse("2027-01-01T00:00:00Z")));
        assertThat(clock.advanceTo(clock.offsetFor(Instant.parse("2026-12-01T00:00:00Z")))).isFalse();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }
}
