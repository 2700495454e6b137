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

    /** Every row the billing endpoints write, the outbox included, and the state of every subscription. */
    private String rows() {
        return jdbc.sql("""
                select (select count(*) from customer) || '/' || (select count(*) from subscription) || '/'
                     || (select count(*) from pending_charge) || '/' || (select count(*) from outbox_event) || '/'
                     || (select count(*) from billed_period) || '/'
                     || (select coalesce(string_agg(concat_ws(',', id, description, quantity, unit_price, status, paused_from,
                            end_date, next_cut_date, periods_billed), ';' order by id), '') from subscription)""")
                .query(String.class).single();
    }

    private void assertAllRefused(String method, String path, List<MalformedBodies.Case> cases) {
        String before = rows();
        for (MalformedBodies.Case c : cases) {
            ApiClient.Response response = method.equals("PUT") ? api.put(path, c.body()) : api.post(path, c.body());
            assertThat(response.status()).as("%s %s with %s: %s", method, path, c, response.body()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        }
        assertThat(rows()).as("rows written by refused requests to %s", path).isEqualTo(before);
    }

    /** The body the malformed cases were made from is accepted: the refusals were about what was broken. */
    private void assertAccepted(String method, String path, Map<String, Object> valid, int status) {
        ApiClient.Response response = method.equals("PUT") ? api.put(path, ApiClient.json(valid)) : api.post(path, ApiClient.json(valid));
        assertThat(response.status()).as("%s %s with the valid body: %s", method, path, response.body()).isEqualTo(status);
    }

    private static List<MalformedBodies.Case> cases(String... bodies) {
        return java.util.Arrays.stream(bodies).map(b -> new MalformedBodies.Case(b, b)).toList();
    }

    /** Refused naming {@code field}, nothing written; then the valid body is accepted. */
    private void assertRefusedNaming(String path, String field, Map<String, Object> wrong, Map<String, Object> valid) {
        String before = rows();
        ApiClient.Response refused = api.post(path, ApiClient.json(wrong));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).as(refused.body()).isEqualTo(field);
        assertThat(rows()).isEqualTo(before);
        ApiClient.Response accepted = api.post(path, ApiClient.json(valid));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    }

    @Test
    void controlCharactersInNamesAndDescriptionsAreRefusedNamingTheField() {
        Map<String, Object> customer = new java.util.HashMap<>(CUSTOMER);
        customer.put("name", "Ada\u0007 Ajans");
        assertRefusedNaming("/api/customers", "name", customer, CUSTOMER);
        Map<String, Object> subscription = new java.util.HashMap<>(Map.of("customerId", customerId, "description",
                "Hosting\u001b[31m", "unitPrice", "150.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY",
                "startDate", "2099-01-01"));
        Map<String, Object> validSubscription = new java.util.HashMap<>(subscription);
        validSubscription.put("description", "Hosting");
        assertRefusedNaming("/api/subscriptions", "description", subscription, validSubscription);
        Map<String, Object> charge = Map.of("description", "Setup\r\nBcc: x", "unitPrice", "500", "currency", "TRY", "taxRate", "20");
        Map<String, Object> validCharge = new java.util.HashMap<>(charge);
        validCharge.put("description", "Setup");
        assertRefusedNaming("/api/customers/" + customerId + "/charges", "description", charge, validCharge);
    }

    @Test
    void changingPausingResumingAndEndingASubscription() {
        ApiClient.Response sold = api.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId,
                "description", "Hosting", "quantity", "2", "unitPrice", "150.00", "currency", "EUR", "taxRate", "20",
                "interval", "MONTHLY", "startDate", "2099-01-01")));
        assertThat(sold.status()).as(sold.body()).isEqualTo(201);
        String path = "/api/subscriptions/" + sold.json().get("id").asString();
        List<MalformedBodies.Case> dates = cases("{not json", "[]", "{\"date\":\"2027-02-30\"}", "{\"date\":\"+999999999-12-31\"}",
                "{\"date\":\"1999-12-31\"}", "{\"date\":\"2099-01\\u0000-01\"}", "{\"date\":1e400}", "{\"date\":[\"2099-01-01\"]}",
                "{\"date\":99999999999999999999999}");

        assertAllRefused("POST", path + "/change", cases("{not json", "{}", "{\"description\":\"Hosting\\u0000 plus\"}",
                "{\"description\":\"Hosting\\nplus\"}", "{\"quantity\":\"1e400\"}", "{\"quantity\":1e400}",
                "{\"unitPrice\":\"99999999999999999999.99\"}", "{\"unitPrice\":99999999999999999999999}",
                "{\"quantity\":\"100000\",\"unitPrice\":\"9999999999999\"}", "{\"quantity\":\"-1\"}",
                "{\"unitPrice\":\"150\",\"effectiveDate\":\"+999999999-12-31\"}",
                "{\"unitPrice\":\"150\",\"effectiveDate\":\"2099-02-30\"}", "{\"unitPrice\":\"150\",\"effectiveDate\":\"2201-01-01\"}"));
        assertThat(api.post(path + "/change", "{\"quantity\":\"3\",\"description\":\"Hosting plus\"}").status()).isEqualTo(200);

        assertAllRefused("POST", path + "/pause", dates);
        assertThat(api.post(path + "/pause", "{}").status()).isEqualTo(200);
        assertAllRefused("POST", path + "/resume", dates);
        assertThat(api.post(path + "/resume", "").status()).isEqualTo(200);
        assertAllRefused("POST", path + "/end", cases("{not json", "{\"mode\":\"SOMETIMES\"}", "{\"mode\":\"IMMEDIATELY\\u0000\"}",
                "{\"mode\":\"IMMEDIATELY\",\"date\":\"2027-02-30\"}", "{\"mode\":\"IMMEDIATELY\",\"date\":\"+999999999-12-31\"}",
                "{\"mode\":\"IMMEDIATELY\",\"date\":99999999999999999999999}", "{\"mode\":[\"IMMEDIATELY\"]}"));
        ApiClient.Response ended = api.post(path + "/end", "{\"mode\":\"AT_PERIOD_END\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().get("status").asString()).isEqualTo("ENDED");
    }

    @Test
    void registeringACustomer() {
        assertAllRefused("POST", "/api/customers", MalformedBodies.of(CUSTOMER, CUSTOMER_REQUIRED, 200, 11));
        assertAccepted("POST", "/api/customers", CUSTOMER, 201);
    }

    @Test
    void changingACustomer() {
        assertAllRefused("PUT", "/api/customers/" + customerId, MalformedBodies.of(CUSTOMER, CUSTOMER_REQUIRED, 150, 12));
        assertAccepted("PUT", "/api/customers/" + customerId, CUSTOMER, 200);
    }

    @Test
    void sellingASubscription() {
        Map<String, Object> valid = Map.of("customerId", customerId, "description", "Hosting", "quantity", "2",
                "unitPrice", "150.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY", "startDate", "2099-01-31",
                "billingDay", 1, "billing", "ADVANCE");
        assertAllRefused("POST", "/api/subscriptions", MalformedBodies.of(valid,
                List.of("customerId", "description", "unitPrice", "currency", "taxRate", "interval", "startDate"), 250, 13));
        assertAccepted("POST", "/api/subscriptions", valid, 201);
    }

    @Test
    void chargingOnce() {
        Map<String, Object> valid = Map.of("description", "Setup", "quantity", "1", "unitPrice", "500", "currency", "TRY",
                "taxRate", "20", "invoiceNow", true);
        assertAllRefused("POST", "/api/customers/" + customerId + "/charges", MalformedBodies.of(valid,
                List.of("description", "unitPrice", "currency", "taxRate"), 150, 14));
        assertAccepted("POST", "/api/customers/" + customerId + "/charges", valid, 201);
    }
}
