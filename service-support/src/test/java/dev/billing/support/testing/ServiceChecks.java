package dev.billing.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What every service must do once started: report live and ready, its build and commit, and expose metrics on its management port only, own a migrated database, know the platform time. */
public final class ServiceChecks {

    public static void assertStartedAndMigrated(int port, int managementPort, JdbcClient jdbc) {
        ApiClient api = new ApiClient("http://localhost:" + port);
        ApiClient management = new ApiClient("http://localhost:" + managementPort);
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/prometheus").body()).contains("outbox_pending");
        tools.jackson.databind.JsonNode info = management.get("/actuator/info").json();
        assertThat(info.path("build").path("artifact").asString()).as("build on /actuator/info").endsWith("-service");
        if (ServiceChecks.class.getResource("/git.properties") != null) { // a build from a tree without .git has none
            assertThat(info.path("git").path("commit").path("id").asString()).as("commit on /actuator/info").isNotBlank();
        }
        assertThat(api.get("/actuator/health").status()).as("actuator on the API port").isEqualTo(404);
        // migrated: every migration the service ships (shared V0_x and its own) applied, none failed
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where not success").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select version from flyway_schema_history where success and version is not null").query(String.class).list())
                .containsExactlyInAnyOrderElementsOf(shippedMigrations());
        assertThat(api.get("/api/test-clock").json().has("now")).isTrue();
    }

    /** The versions of {@code db/support} and {@code db/migration} on the classpath: V0_1__x.sql is 0.1. */
    private static java.util.List<String> shippedMigrations() {
        try {
            java.util.List<String> versions = new java.util.ArrayList<>();
            var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
            for (String folder : java.util.List.of("db/support", "db/migration")) {
                for (org.springframework.core.io.Resource file : resolver.getResources("classpath*:" + folder + "/V*__*.sql")) {
                    String name = file.getFilename();
                    versions.add(name.substring(1, name.indexOf("__")).replace('_', '.'));
                }
            }
            return versions;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ServiceChecks() {
    }
}
