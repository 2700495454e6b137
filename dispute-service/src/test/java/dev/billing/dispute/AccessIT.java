package dev.billing.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.access.Role;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.ServiceAccessContract;
import dev.billing.support.testing.TestTokens;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * dispute-service's port refuses calls without a valid token and follows the README's permission table; its own
 * rules: every staff role reads, VIEWER writes nothing, only ACCOUNTANT and ADMIN approve or decline a proposal, the
 * portal takes CUSTOMER tokens only and the staff API none of them.
 */
@IntegrationTest
class AccessIT extends ServiceAccessContract {
    @Value("${local.server.port}")
    int servicePort;

    AccessIT() {
        super("dispute-service", "/api/dlq", Role.ADMIN);
    }

    @Test
    void staffRolesWriteWhatTheyMayAndOnlyAccountantsAndAdminsDecideAProposal() {
        ApiClient api = new ApiClient("http://localhost:" + servicePort);
        String id = UUID.randomUUID().toString();
        SoftAssertions softly = new SoftAssertions();
        for (Role role : Role.values()) {
            softly.assertThat(api.as(role).get("/api/disputes").status()).as(role + " reads the list").isEqualTo(200);
            softly.assertThat(api.as(role).get("/api/disputes/summary").status()).as(role + " reads the summary").isEqualTo(200);
            boolean writes = role != Role.VIEWER;
            for (String path : new String[] {"/api/disputes", "/api/disputes/" + id + "/messages", "/api/disputes/" + id + "/assign",
                    "/api/disputes/" + id + "/proposal"}) {
                int status = api.as(role).post(path, "{}").status();
                if (writes) {
                    softly.assertThat(status).as(role + " POST " + path).isNotIn(401, 403).isLessThan(500);
                } else {
                    softly.assertThat(status).as(role + " POST " + path).isEqualTo(403);
                }
            }
            boolean decides = role == Role.ACCOUNTANT || role == Role.ADMIN;
            for (String path : new String[] {"/api/disputes/" + id + "/proposal/approve", "/api/disputes/" + id + "/proposal/decline"}) {
                int status = api.as(role).post(path, "{}").status();
                if (decides) {
                    softly.assertThat(status).as(role + " POST " + path).isNotIn(401, 403).isLessThan(500);
                } else {
                    softly.assertThat(status).as(role + " POST " + path).isEqualTo(403);
                }
            }
            softly.assertThat(api.as(role).get("/api/portal/disputes").status()).as(role + " on the portal").isEqualTo(403);
        }
        softly.assertAll();
    }

    @Test
    void aCustomerTokenReachesThePortalOnlyNeverTheStaffApi() {
        ApiClient customer = new ApiClient("http://localhost:" + servicePort).withToken(TestTokens.customer(UUID.randomUUID()));
        assertThat(customer.get("/api/portal/disputes").status()).isEqualTo(200);
        assertThat(customer.get("/api/disputes").status()).isEqualTo(403);
        assertThat(customer.post("/api/disputes", "{}").status()).isEqualTo(403);
        assertThat(customer.post("/api/disputes/" + UUID.randomUUID() + "/proposal/approve", "{}").status()).isEqualTo(403);
        assertThat(customer.anonymous().get("/api/portal/disputes").status()).isEqualTo(401);
    }
}
