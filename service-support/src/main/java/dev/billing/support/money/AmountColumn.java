package dev.billing.support.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What the services' amount columns hold: numeric(19,4), so once rounded to 4 decimals at most 15
 * integer digits, i.e. below 1,000,000,000,000,000 either way. Amounts are checked against it where
 * they enter, so that an amount too large is a 400 or an invalid event, never a database error.
 */
public final class AmountColumn {
    public static final BigDecimal BOUND = BigDecimal.TEN.pow(15);

    /** Whether a numeric(19,4) column holds {@code value} (PostgreSQL rounds it half away from zero to 4 decimals). */
    public static boolean fits(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_UP).abs().compareTo(BOUND) < 0;
    }

    private AmountColumn() {
    }
}
