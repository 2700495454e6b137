package dev.billing.dispute.invoice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The 8-day objection window of TTK 21/2: a buyer who does not object within 8 days of receiving an invoice is deemed
 * to have accepted its content. It starts on the day of delivery (the invoice email's {@code NotificationSent}), or,
 * when no delivery is known, on the issue date, both as calendar days of the customer's time zone; it ends at the end
 * of the 8th calendar day after that day. Weekends and holidays do not extend it. A dispute opened after it is a late
 * objection (still accepted: staff decide).
 *
 * @param startDay the day of delivery (or issue) in the customer's zone
 * @param deadline the last second of the window: 23:59:59 of {@code startDay + 8} in the customer's zone
 */
public record ObjectionWindow(LocalDate startDay, Instant deadline, ZoneId zone) {
    public static final int DAYS = 8;

    public static ObjectionWindow of(LocalDate issueDate, Instant deliveredAt, ZoneId zone) {
        LocalDate start = deliveredAt != null ? deliveredAt.atZone(zone).toLocalDate() : issueDate;
        Instant end = start.plusDays(DAYS + 1).atStartOfDay(zone).toInstant();
        return new ObjectionWindow(start, end.minusSeconds(1), zone);
    }

    /** Whether an objection made at {@code at} comes after the window, i.e. from the first instant of the 9th day on. */
    public boolean isLate(Instant at) {
        return !at.isBefore(deadline.plusSeconds(1));
    }
}
