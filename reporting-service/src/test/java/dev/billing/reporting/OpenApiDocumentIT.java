package dev.billing.reporting;

import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.OpenApiSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The OpenAPI document the running service serves at {@code /v3/api-docs} is the one committed in
 * {@code docs/openapi/reporting.json}. After an intended change of an endpoint, rewrite the snapshot with
 * {@code ./mvnw -pl reporting-service verify -Dit.test=OpenApiDocumentIT -Dcontracts.write=true} and review the diff.
 */
@IntegrationTest
class OpenApiDocumentIT {
    @Value("${local.server.port}")
    int port;

    @Test
    void servedDocumentMatchesTheCommittedSnapshot() {
        OpenApiSnapshot.assertMatchesSnapshot(port, "reporting");
    }
}
