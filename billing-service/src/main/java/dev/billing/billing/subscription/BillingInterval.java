package dev.billing.billing.subscription;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** How often a subscription is billed: MONTHLY, QUARTERLY, YEARLY, or any positive ISO-8601 period (P2M, P14D). */
public final class BillingInterval {

    /** The period of {@code text}, or empty when it is not a positive interval of at most ten years. */
    public static Optional<Period> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 20) {
            return Optional.empty();
        }
        Period period = switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "MONTHLY" -> Period.ofMonths(1);
            case "QUARTERLY" -> Period.ofMonths(3);
            case "YEARLY", "ANNUALLY" -> Period.ofYears(1);
            default -> {
                try {
                    yield Period.parse(text.trim());
                } catch (DateTimeParseException e) {
                    yield null;
                }
            }
        };
        if (period == null || period.isNegative() || period.isZero()
                || period.getYears() < 0 || period.getMonths() < 0 || period.getDays() < 0
                || period.toTotalMonths() * 31 + period.getDays() > 3660) {
            return Optional.empty();
        }
        return Optional.of(period);
    }

    private BillingInterval() {
    }
}
