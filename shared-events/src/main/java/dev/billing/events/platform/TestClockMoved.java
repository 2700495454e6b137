package dev.billing.events.platform;

import java.time.Instant;

/** Outside production: the platform time was set to {@code now}, i.e. {@code offsetMillis} ahead of the wall clock. */
public record TestClockMoved(Instant now, long offsetMillis) {
}
