package dev.billing.support.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZonesTest {
    private static final Predicate<String> DATABASE_KNOWS_ALL = id -> true;

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Istanbul", "Europe/Budapest", "America/Los_Angeles", "UTC", "Etc/UTC"})
    void tzDatabaseNamesAreAcceptedAsWritten(String id) {
        assertThat(TimeZones.known(id, DATABASE_KNOWS_ALL)).contains(ZoneId.of(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+03:00", "-05:00", "Z", "UTC+3", "UTC+03:00", "GMT+03:00", "UT+3", "Mars/Olympus",
            "europe/istanbul", "Europe/Istanbul ", ""})
    void offsetsAndUnknownNamesAreRefused(String id) {
        assertThat(TimeZones.known(id, DATABASE_KNOWS_ALL)).isEmpty();
    }

    @Test
    void aNameJavaKnowsButTheDatabaseDoesNotIsRefused() {
        assertThat(TimeZones.known("Europe/Istanbul", id -> false)).isEmpty();
        assertThat(TimeZones.known(null, DATABASE_KNOWS_ALL)).isEmpty();
    }
}
