package dev.billing.billing.subscription;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Day-based proration: a part of a period costs the period's price times days used over the
 * period's days, both counted in calendar days of that very period (a February day is worth more
 * than a March day). Unit prices keep four decimals; the invoice rounds the line.
 */
public final class Proration {

    /** {@code price} x days in [from, to) / days in [periodStart, periodEnd). */
    public static BigDecimal part(BigDecimal price, LocalDate from, LocalDate to, LocalDate periodStart, LocalDate periodEnd) {
        long used = ChronoUnit.DAYS.between(from, to);
        long total = ChronoUnit.DAYS.between(periodStart, periodEnd);
        if (used < 0 || total <= 0 || used > total) {
            throw new IllegalArgumentException("[" + from + ", " + to + ") is not inside [" + periodStart + ", " + periodEnd + ")");
        }
        return price.multiply(BigDecimal.valueOf(used)).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP);
    }

    private Proration() {
    }
}
