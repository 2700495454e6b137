package dev.billing.gateway.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/** Instants as the pages show them ({@code ${@times.at(...)}}): to the minute, in UTC, said so. */
@Component("times")
public class Times {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The instant written to the minute, or the text as it came when it is none. */
    public String at(String instant) {
        if (instant == null || instant.isBlank()) {
            return "";
        }
        try {
            return MINUTE.format(Instant.parse(instant));
        } catch (DateTimeParseException notAnInstant) {
            return instant;
        }
    }
}
