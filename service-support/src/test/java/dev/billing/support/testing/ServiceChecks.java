package dev.billing.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What every service must do once started: report live and ready, expose metrics, own a migrated database, know the platform time. */
public final class ServiceChecks {

    public static void assertStartedAndMigrated(int port, JdbcClient jdbc) {
        ApiClient api = new ApiClient("http://localhost:" + port);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").body()).contains("outbox_pending");
        assertThat(jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isNotNegative();
        assertThat(api.get("/api/test-clock").json().has("now")).isTrue();
    }

    private ServiceChecks() {
    }
}
