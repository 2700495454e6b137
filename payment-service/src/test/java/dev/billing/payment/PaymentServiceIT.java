package dev.billing.payment;

import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.ServiceChecks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service starts against real Kafka and PostgreSQL, migrates its database and reports ready. */
@IntegrationTest
class PaymentServiceIT {
    @Value("${local.server.port}")
    int port;
    @Value("${local.management.port}")
    int managementPort;
    @Autowired
    JdbcClient jdbc;

    @Test
    void startsMigratesAndReportsHealthy() {
        ServiceChecks.assertStartedAndMigrated(port, managementPort, jdbc);
    }
}
