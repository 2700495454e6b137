package dev.billing.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {
    private static final Instant NOW = Instant.parse("2027-03-05T09:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(Clock.fixed(NOW, ZoneOffset.UTC), 8,
            Duration.ofSeconds(30), Duration.ofMinutes(30));

    @ParameterizedTest(name = "after {0} failed attempts the next comes {1} later")
    @CsvSource({"1, PT30S", "2, PT1M", "3, PT2M", "4, PT4M", "5, PT8M", "6, PT16M", "7, PT30M"})
    void waitDoublesAfterEachFailedAttemptUpToTheCap(int failedAttempts, Duration wait) {
        assertThat(schedule.nextAttempt(failedAttempts)).contains(NOW.plus(wait));
    }

    @Test
    void emailIsGivenUpOnceMaxAttemptsHaveFailed() {
        assertThat(schedule.nextAttempt(8)).isEmpty();
        assertThat(schedule.nextAttempt(9)).isEmpty();
    }

    @Test
    void manyAttemptsStayAtTheCap() {
        RetrySchedule patient = new RetrySchedule(Clock.fixed(NOW, ZoneOffset.UTC), 10_000, Duration.ofSeconds(30),
                Duration.ofHours(1));
        assertThat(patient.nextAttempt(9_999)).contains(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void senselessSettingsStopTheStart() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertThatThrownBy(() -> new RetrySchedule(clock, 0, Duration.ofSeconds(30), Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(clock, 5, Duration.ZERO, Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(clock, 5, Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
