package dev.billing.support.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's clock: the wall clock, shifted by the test clock's offset. In production the offset
 * is never changed, so it is the wall clock.
 */
public class PlatformClock extends Clock {
    private final Clock wall;
    private final AtomicLong offsetMillis = new AtomicLong();

    public PlatformClock(Clock wall) {
        this.wall = wall;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(wall.withZone(zone), Duration.ofMillis(offsetMillis.get()));
    }

    @Override
    public Instant instant() {
        return wall.instant().plusMillis(offsetMillis.get());
    }

    public long offsetMillis() {
        return offsetMillis.get();
    }

    /** Moves to the given offset if it is ahead of the current one; true if time moved. */
    public boolean advanceTo(long newOffsetMillis) {
        long previous = offsetMillis.getAndAccumulate(newOffsetMillis, Math::max);
        return newOffsetMillis > previous;
    }

    /** The offset that makes {@link #instant()} answer {@code now}. */
    public long offsetFor(Instant now) {
        return Duration.between(wall.instant(), now).toMillis();
    }
}
