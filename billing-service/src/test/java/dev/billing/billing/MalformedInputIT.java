package dev.billing.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.MalformedBodies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hundreds of generated malformed bodies against every billing endpoint that writes: each must be
 * answered 4xx problem+json, and none may write a row.
 */
@IntegrationTest
class MalformedInputIT {
    private static final Map<String, Object> CUSTOMER = Map.of("name", "Ada Ajans", "email", "ada@example.com",
            "phone", "+905321234567", "language", "tr", "timeZone", "Europe/Istanbul", "paymentTermDays", 10,
            "terms", Map.of("dueRule", "NET", "lateFee", "FIXED", "lateFeeValue", "50", "lateFeeCurrency", "TRY"));
    private static final List<String> CUSTOMER_REQUIRED = List.of("name", "email", "language", "timeZone", "paymentTermDays");

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    String customerId;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        customerId = api.post("/api/customers", ApiClient.json(CUSTOMER)).json().get("id").asString();
    }

    private long rows() {
        return jdbc.sql("""
                select (select count(*) from customer) + (select count(*) from subscription)
                     + (select count(*) from pending_charge)""").query(Long.class).single();
    }

    private void assertAllRefused(String method, String path, List<MalformedBodies.Case> cases) {
        long before = rows();
        for (MalformedBodies.Case c : cases) {
            ApiClient.Response response = method.equals("PUT") ? api.put(path, c.body()) : api.post(path, c.body());
            assertThat(response.status()).as("%s %s with %s: %s", method, path, c, response.body()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        }
        assertThat(rows()).as("rows written by refused requests to %s", path).isEqualTo(before);
    }

    @Test
    void registeringACustomer() {
        assertAllRefused("POST", "/api/customers", MalformedBodies.of(CUSTOMER, CUSTOMER_REQUIRED, 200, 11));
    }

    @Test
    void changingACustomer() {
        assertAllRefused("PUT", "/api/customers/" + customerId, MalformedBodies.of(CUSTOMER, CUSTOMER_REQUIRED, 150, 12));
    }

    @Test
    void sellingASubscription() {
        Map<String, Object> valid = Map.of("customerId", customerId, "description", "Hosting", "quantity", "2",
                "unitPrice", "150.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY", "startDate", "2027-01-31",
                "billingDay", 1, "billing", "ADVANCE");
        assertAllRefused("POST", "/api/subscriptions", MalformedBodies.of(valid,
                List.of("customerId", "description", "unitPrice", "currency", "taxRate", "interval", "startDate"), 250, 13));
    }

    @Test
    void chargingOnce() {
        Map<String, Object> valid = Map.of("description", "Setup", "quantity", "1", "unitPrice", "500", "currency", "TRY",
                "taxRate", "20", "invoiceNow", true);
        assertAllRefused("POST", "/api/customers/" + customerId + "/charges", MalformedBodies.of(valid,
                List.of("description", "unitPrice", "currency", "taxRate"), 150, 14));
    }
}
