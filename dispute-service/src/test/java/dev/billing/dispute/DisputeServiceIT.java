package dev.billing.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service starts against real Kafka and PostgreSQL, migrates its database and reports ready. */
@IntegrationTest
class DisputeServiceIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void startsMigratesAndReportsHealthy() {
        ApiClient api = new ApiClient("http://localhost:" + port);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").body()).contains("outbox_pending");
        assertThat(jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
        assertThat(api.get("/api/test-clock").json().has("now")).isTrue();
    }
}
