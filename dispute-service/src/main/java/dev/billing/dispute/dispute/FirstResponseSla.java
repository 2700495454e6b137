package dev.billing.dispute.dispute;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * When staff must first answer a dispute: {@code businessDays} working days (Monday to Friday, in the customer's time
 * zone) after it was opened, at the same local time. A dispute opened on a Saturday or Sunday starts its clock on
 * Monday at 00:00. Public holidays are not known here and count as working days.
 */
public final class FirstResponseSla {
    public static final int DEFAULT_BUSINESS_DAYS = 2;

    /**
     * The configured number of business days ({@code dispute.first-response-business-days}, environment
     * {@code DISPUTE_FIRST_RESPONSE_BUSINESS_DAYS}), refused below one when the service starts.
     */
    public static int requireValid(int businessDays) {
        if (businessDays < 1) {
            throw new IllegalStateException("dispute.first-response-business-days (DISPUTE_FIRST_RESPONSE_BUSINESS_DAYS) must be "
                    + "at least 1 business day, is " + businessDays);
        }
        return businessDays;
    }

    public static Instant respondBy(Instant openedAt, ZoneId zone, int businessDays) {
        if (businessDays < 1) {
            throw new IllegalArgumentException("the first-response time is at least one business day: " + businessDays);
        }
        LocalDateTime start = openedAt.atZone(zone).toLocalDateTime();
        if (weekend(start.getDayOfWeek())) {
            while (weekend(start.getDayOfWeek())) {
                start = start.toLocalDate().plusDays(1).atStartOfDay();
            }
        }
        LocalDateTime due = start;
        int counted = 0;
        while (counted < businessDays) {
            due = due.plusDays(1);
            if (!weekend(due.getDayOfWeek())) {
                counted++;
            }
        }
        return due.atZone(zone).toInstant();
    }

    private static boolean weekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    private FirstResponseSla() {
    }
}
