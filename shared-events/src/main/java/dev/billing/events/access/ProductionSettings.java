package dev.billing.events.access;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * With the {@code production} profile a process refuses to start on a default secret, key or address: each
 * setting it needs must be given explicitly, and not as one of the local runs' well-known values; and the test
 * clock may not be on.
 */
public final class ProductionSettings {
    public static final String PROFILE = "production";
    private static final String TEST_CLOCK_PROFILE = "test-clock";
    /** Defaults of local runs, known to everyone: refused in production even when set explicitly. */
    public static final String LOCAL_ONLY_CLIENT_SECRET = "local-only-client-secret";
    private static final Set<String> LOCAL_ONLY_VALUES = Set.of(DocumentLinks.LOCAL_ONLY_KEY, LOCAL_ONLY_CLIENT_SECRET);

    private ProductionSettings() {
    }

    /**
     * Throws, naming every missing setting, if {@code profiles} include production and a setting in
     * {@code required} has no value ({@code lookup} answers null or blank), or the test clock is on too.
     */
    public static void check(Set<String> profiles, Function<String, String> lookup, List<String> required) {
        if (!profiles.contains(PROFILE)) {
            return;
        }
        if (profiles.contains(TEST_CLOCK_PROFILE)) {
            throw new IllegalStateException("The profiles '" + PROFILE + "' and '" + TEST_CLOCK_PROFILE
                    + "' cannot be on together: production time is not movable");
        }
        List<String> missing = required.stream().filter(name -> {
            String value = lookup.apply(name);
            return value == null || value.isBlank()
                    || java.util.Arrays.stream(value.split(",")).map(String::trim).anyMatch(LOCAL_ONLY_VALUES::contains);
        }).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The '" + PROFILE + "' profile has no defaults for secrets, keys and addresses; set "
                    + String.join(", ", missing));
        }
    }
}
