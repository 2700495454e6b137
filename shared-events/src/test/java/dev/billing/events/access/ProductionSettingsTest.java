package dev.billing.events.access;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProductionSettingsTest {
    private static final List<String> REQUIRED = List.of("AUTH_ISSUER_URI", "LINK_SIGNING_KEYS");

    @Test
    void productionRefusesToStartNamingEverySettingLeftToItsDefault() {
        Map<String, String> env = Map.of("AUTH_ISSUER_URI", "http://gateway:8080", "LINK_SIGNING_KEYS", " ");

        assertThatThrownBy(() -> ProductionSettings.check(Set.of("production"), env::get, REQUIRED))
                .hasMessageEndingWith("set LINK_SIGNING_KEYS");
        assertThatThrownBy(() -> ProductionSettings.check(Set.of("production"), Map.<String, String>of()::get, REQUIRED))
                .hasMessageEndingWith("set AUTH_ISSUER_URI, LINK_SIGNING_KEYS");
    }

    @Test
    void productionRefusesTheLocalRunsWellKnownValuesEvenWhenSetExplicitly() {
        Map<String, String> env = Map.of("AUTH_ISSUER_URI", "http://gateway:8080",
                "LINK_SIGNING_KEYS", "a-real-key-0123456789-0123456789-0123456789, " + DocumentLinks.LOCAL_ONLY_KEY);

        assertThatThrownBy(() -> ProductionSettings.check(Set.of("production"), env::get, REQUIRED))
                .hasMessageEndingWith("set LINK_SIGNING_KEYS");
    }

    @Test
    void productionRefusesTheTestClock() {
        Map<String, String> env = Map.of("AUTH_ISSUER_URI", "http://gateway:8080", "LINK_SIGNING_KEYS", "k");

        assertThatThrownBy(() -> ProductionSettings.check(Set.of("production", "test-clock"), env::get, REQUIRED))
                .hasMessageContaining("cannot be on together");
        assertThatCode(() -> ProductionSettings.check(Set.of("production"), env::get, REQUIRED)).doesNotThrowAnyException();
    }

    @Test
    void withoutTheProductionProfileDefaultsAreFine() {
        assertThatCode(() -> ProductionSettings.check(Set.of("test-clock"), Map.<String, String>of()::get, REQUIRED))
                .doesNotThrowAnyException();
    }
}
