package dev.billing.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.EventJson;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A line that no invoice could hold (gross above 999,999,999,999,999) is refused where it is made. */
@IntegrationTest
class AmountLimitsIT {
    private static final String HUGE = "9999999999999"; // 13 digits: a valid quantity or unit price on its own

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    String customer;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        ApiClient.Response registered = api.post("/api/customers", ApiClient.json(Map.of("name", "Duna Reklám Kft.",
                "email", "szamla@duna.example", "language", "hu", "timeZone", "Europe/Budapest", "paymentTermDays", 8,
                "terms", Map.of("lateFee", "PERCENT_PER_MONTH", "lateFeeValue", "100"))));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        customer = registered.json().get("id").asString();
    }

    private ApiClient.Response sell(String quantity, String unitPrice, String taxRate) {
        return api.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customer, "description", "Hosting",
                "quantity", quantity, "unitPrice", unitPrice, "currency", "EUR", "taxRate", taxRate, "interval", "MONTHLY",
                "startDate", "2099-01-01")));
    }

    private ApiClient.Response charge(String quantity, String unitPrice) {
        return api.post("/api/customers/" + customer + "/charges", ApiClient.json(Map.of("description", "Setup",
                "quantity", quantity, "unitPrice", unitPrice, "currency", "EUR", "taxRate", "20")));
    }

    private long rows() {
        return jdbc.sql("""
                select (select count(*) from subscription where customer_id = :c)
                     + (select count(*) from pending_charge where customer_id = :c)""")
                .param("c", UUID.fromString(customer)).query(Long.class).single();
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
    }

    @Test
    void subscriptionsChangesAndChargesThatNoInvoiceCouldHoldAreA400NamingTheField() {
        assertField(sell(HUGE, HUGE, "0"), "unitPrice");
        // 900,000,000,000,000 net fits; with 20 % tax it does not
        assertField(sell("1000", "900000000000", "20"), "unitPrice");
        assertField(charge(HUGE, HUGE), "unitPrice");
        assertThat(rows()).isZero();

        // the largest line: 100 × 8,333,333,333,333.325 = 833,333,333,333,332.5 net, 999,999,999,999,999 with 20 % tax
        ApiClient.Response largest = sell("100", "8333333333333.325", "20");
        assertThat(largest.status()).as(largest.body()).isEqualTo(201);
        assertThat(charge("100", "8333333333333.325").status()).isEqualTo(201);
        String id = largest.json().get("id").asString();
        assertField(api.post("/api/subscriptions/" + id + "/change", "{\"quantity\":\"101\"}"), "quantity");
        assertField(api.post("/api/subscriptions/" + id + "/change", "{\"unitPrice\":\"8333333333334\"}"), "unitPrice");
        assertThat(api.get("/api/subscriptions/" + id).json().get("quantity").asString()).isEqualTo("100");
    }

    @Test
    void aLateFeeThatNoInvoiceCouldHoldIsAnInvalidEvent() {
        try (KafkaProbe kafka = KafkaProbe.onEmbeddedBroker(Topics.deadLetter(Topics.INVOICE))) {
            String eventId = UUID.randomUUID().toString();
            // 100 % of an open amount above the limit
            kafka.send(Topics.INVOICE, customer, eventId, EventCatalog.INVOICE_OVERDUE.type(), EventJson.write(new InvoiceOverdue(
                    UUID.randomUUID(), "INV-2027-000999", UUID.fromString(customer), LocalDate.of(2027, 1, 10), 1, "EUR",
                    new BigDecimal("2000000000000000.00"))));
            List<ConsumerRecord<String, String>> dead = kafka.await(r -> eventId.equals(KafkaProbe.header(r, "ce_id")), 1,
                    Duration.ofSeconds(20));
            assertThat(dead).hasSize(1);
            assertThat(KafkaProbe.header(dead.get(0), "x-exception-fqcn")).isEqualTo(InvalidEventException.class.getName());
            assertThat(KafkaProbe.header(dead.get(0), "x-exception-message")).contains("INV-2027-000999").contains("largest amount");
            assertThat(KafkaProbe.header(dead.get(0), "x-dlq-group")).isEqualTo("billing-service");
        }
        assertThat(rows()).isZero();
    }
}
