package dev.billing.gateway.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/** The period a statement page asks invoice-service for: as typed, else from the year's first day to today. */
final class StatementQuery {
    private StatementQuery() {
    }

    static Map<String, String> period(String from, String to, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return Map.of("from", from == null || from.isBlank() ? today.withDayOfYear(1).toString() : from,
                "to", to == null || to.isBlank() ? today.toString() : to);
    }
}
