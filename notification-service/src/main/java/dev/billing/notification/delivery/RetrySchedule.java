package dev.billing.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed message is tried again: {@code backoff} after the first failed attempt, twice as long
 * after each further one but never longer than {@code maxBackoff}, and not at all once
 * {@code maxAttempts} attempts have failed. The growing pause lets a provider recover before the
 * attempts are used up.
 */
public final class RetrySchedule {
    private final Clock clock;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration maxBackoff;

    public RetrySchedule(Clock clock, int maxAttempts, Duration backoff, Duration maxBackoff) {
        if (maxAttempts < 1 || backoff.isNegative() || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("need maxAttempts >= 1 and 0 < backoff <= maxBackoff, got "
                    + maxAttempts + ", " + backoff + ", " + maxBackoff);
        }
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
    }

    /** The time of the next attempt after {@code failedAttempts} (1 or more) have failed; empty when the message is given up. */
    public Optional<Instant> nextAttempt(int failedAttempts) {
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = backoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return Optional.of(clock.instant().plus(wait.compareTo(maxBackoff) < 0 ? wait : maxBackoff));
    }
}
