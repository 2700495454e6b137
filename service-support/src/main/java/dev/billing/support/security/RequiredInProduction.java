package dev.billing.support.security;

import dev.billing.events.access.ProductionSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * A service with the {@code production} profile refuses to start without its token issuer and database
 * password, and whatever else its {@code platform.production.required-settings} lists (notification-service:
 * the document-link keys); never with the test clock.
 */
final class RequiredInProduction {
    static final List<String> EVERY_SERVICE = List.of("AUTH_ISSUER_URI", "DB_PASSWORD");

    private RequiredInProduction() {
    }

    static void check(Environment environment) {
        List<String> required = new ArrayList<>(EVERY_SERVICE);
        required.addAll(Arrays.asList(environment.getProperty("platform.production.required-settings", String[].class, new String[0])));
        ProductionSettings.check(Set.of(environment.getActiveProfiles()), environment::getProperty, required);
    }
}
