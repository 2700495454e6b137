package dev.billing.invoice.statement;

import dev.billing.support.web.ApiProblem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The customer's calendar days a statement covers, {@code from} and {@code to} included. At most
 * {@link #MAX_YEARS} years, so that one request reads a bounded slice of the history. Without {@code to}
 * it ends today (the customer's day, platform time), without {@code from} it begins on the first day of
 * {@code to}'s year.
 */
public record StatementPeriod(LocalDate from, LocalDate to) {
    public static final int MAX_YEARS = 5;

    public StatementPeriod {
        if (from.isAfter(to)) {
            throw ApiProblem.badRequest("to", "must not be before from (" + from + ")");
        }
        if (to.isAfter(from.plusYears(MAX_YEARS))) {
            throw ApiProblem.badRequest("to", "a statement covers at most " + MAX_YEARS + " years; from " + from
                    + " it ends on " + from.plusYears(MAX_YEARS) + " at the latest");
        }
    }

    /** The request's {@code from} or {@code to} (YYYY-MM-DD), checked; null when it was not given. */
    public static LocalDate optionalDate(String field, String text) {
        return text == null || text.isBlank() ? null : date(field, text);
    }

    /** From the dates given ({@link #optionalDate}; null: the default) and the customer's {@code today}. */
    public static StatementPeriod of(LocalDate from, LocalDate to, LocalDate today) {
        LocalDate end = to == null ? today : to;
        return new StatementPeriod(from == null ? end.withDayOfYear(1) : from, end);
    }

    /** The first moment of {@code from} in the customer's zone. */
    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first moment after {@code to} in the customer's zone. */
    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static LocalDate date(String field, String text) {
        // four-digit years only: LocalDate takes +999999999, beyond what PostgreSQL can store
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                // a day that does not exist, such as 2027-02-30: refused below like any other text
            }
        }
        throw ApiProblem.badRequest(field, "must be a date YYYY-MM-DD such as 2027-03-01");
    }
}
