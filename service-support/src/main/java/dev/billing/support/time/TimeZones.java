package dev.billing.support.time;

import dev.billing.support.events.InvalidEventException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The time zones an account may have, checked where they enter (the API, events): a name of the tz
 * database, spelt exactly so, that both java.time and this service's PostgreSQL know
 * ({@code Europe/Istanbul}, {@code UTC}, {@code Etc/UTC}). Days are counted in Java (billing, issue
 * dates) and in SQL (the overdue scan), so both must know the zone. Fixed offsets ({@code +03:00},
 * {@code UTC+3}, {@code GMT+03:00}) are no such names and are refused: PostgreSQL would read
 * {@code +03:00} as POSIX, three hours <em>west</em> of Greenwich.
 */
public class TimeZones {
    private final JdbcClient jdbc;
    /** The database's answer per name, known or not; pg_timezone_names reads the whole tz directory on each query. */
    private final Map<String, Boolean> databaseKnows = new ConcurrentHashMap<>();

    public TimeZones(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The zone named {@code id}; empty when java.time or this service's PostgreSQL does not know that name. */
    public Optional<ZoneId> known(String id) {
        return known(id, this::knownToDatabase);
    }

    /** For consumers: an event naming a zone that is not {@link #known(String)} is invalid (it goes to the DLQ). */
    public ZoneId requireKnownInEvent(String id) {
        return known(id).orElseThrow(() -> new InvalidEventException("Time zone '" + id + "' is not a tz database name "
                + "that both java.time and PostgreSQL know (offsets such as +03:00 are not accepted)"));
    }

    static Optional<ZoneId> known(String id, Predicate<String> knownToDatabase) {
        return id != null && ZoneId.getAvailableZoneIds().contains(id) && knownToDatabase.test(id)
                ? Optional.of(ZoneId.of(id)) : Optional.empty();
    }

    private boolean knownToDatabase(String id) {
        return databaseKnows.computeIfAbsent(id, name -> jdbc.sql("select exists (select 1 from pg_timezone_names where name = :id)")
                .param("id", name).query(Boolean.class).single());
    }
}
