package dev.billing.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.access.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The security every service shares, run against the service itself (extend it in a module's
 * {@code AccessIT}, annotated {@link IntegrationTest}): its port refuses calls without a valid token, its
 * roles follow the README's permission table, and its probes stay open.
 */
public abstract class ServiceAccessContract {
    private final String service;
    private final String readPath;
    private final Role reader;

    @Value("${local.server.port}")
    int port;
    @Value("${local.management.port}")
    int managementPort;

    /** {@code readPath}: a GET that {@code reader} may call and that answers 200. */
    protected ServiceAccessContract(String service, String readPath, Role reader) {
        this.service = service;
        this.readPath = readPath;
        this.reader = reader;
    }

    @Test
    void aCallToTheServicePortWithoutAValidTokenIsRefusedWith401() {
        AccessChecks.assertRefusesCallsWithoutAValidToken("http://localhost:" + port, readPath, reader);
    }

    @Test
    void eachRoleMayMakeExactlyTheCallsTheReadmePermissionTableGivesIt() {
        AccessChecks.assertPermissionTable("http://localhost:" + port, service);
    }

    @Test
    void healthAndPrometheusNeedNoTokenButMetricsDo() {
        ApiClient management = new ApiClient("http://localhost:" + managementPort).anonymous();
        assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(management.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(management.as(Role.VIEWER).get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(management.as(Role.ADMIN).get("/actuator/metrics").status()).isEqualTo(200);
    }
}
