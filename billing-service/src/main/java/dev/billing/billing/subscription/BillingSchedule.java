package dev.billing.billing.subscription;

import java.time.LocalDate;
import java.time.Period;

/**
 * The cut dates of a subscription billed in advance: period n starts on start + n x interval,
 * counted from the start date each time, so an anchor on the 31st falls back to a short month's last
 * day and returns to the 31st afterwards (Jan 31, Feb 28/29, Mar 31).
 */
public record BillingSchedule(LocalDate startDate, Period interval) {

    public LocalDate cutDate(int periodIndex) {
        if (periodIndex < 0) {
            throw new IllegalArgumentException("period index must not be negative: " + periodIndex);
        }
        return startDate.plus(interval.multipliedBy(periodIndex));
    }

    /** Last day of period n (inclusive): the day before the next cut date. */
    public LocalDate periodEnd(int periodIndex) {
        return cutDate(periodIndex + 1).minusDays(1);
    }

    /** Whether period n is due on {@code today} (the account's local date). */
    public boolean isDue(int periodIndex, LocalDate today) {
        return !cutDate(periodIndex).isAfter(today);
    }

    /** The idempotency key of period n: subscription + period start. */
    public static String requestId(java.util.UUID subscriptionId, LocalDate periodStart) {
        return subscriptionId + ":" + periodStart;
    }
}
