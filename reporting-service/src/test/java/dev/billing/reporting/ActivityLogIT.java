package dev.billing.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.CustomerUpdated;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.ServiceChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Every event of every topic lands once in a customer's activity log, with who caused it; the log is read back filtered and paged. */
@IntegrationTest
class ActivityLogIT {
    @Value("${local.server.port}")
    int port;
    @Value("${local.management.port}")
    int managementPort;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.BILLING, Topics.INVOICE);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private void send(String topic, UUID customer, String eventId, String type, String json, String actor) {
        kafka.send(topic, customer.toString(), eventId, type, json,
                Map.of(CloudEventHeaders.ACTOR, actor, CloudEventHeaders.ACTOR_NAME, actor + " (name)"));
    }

    @Test
    void startsMigratesAndReportsHealthy() {
        ServiceChecks.assertStartedAndMigrated(port, managementPort, jdbc);
    }

    @Test
    void everyEventOfACustomerIsLoggedOnceInOrderWithWhoCausedIt() {
        UUID customer = UUID.randomUUID();
        String registered = UUID.randomUUID().toString();
        String json = EventJson.write(new CustomerRegistered(customer, "Acme", "a@acme.example", null, "en", "Europe/Istanbul", 14,
                Instant.parse("2027-01-04T09:00:00Z"), "NET"));
        send(Topics.BILLING, customer, registered, EventCatalog.CUSTOMER_REGISTERED.type(), json, "ayse");
        send(Topics.BILLING, customer, registered, EventCatalog.CUSTOMER_REGISTERED.type(), json, "ayse");
        // an event of a type the catalogue does not know is not part of the log
        send(Topics.BILLING, customer, UUID.randomUUID().toString(), "billing.unknown.v1", "{}", "ayse");
        send(Topics.INVOICE, customer, UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(), json, "system");

        JsonNode log = Eventually.await(() -> api.get("/api/activity?customerId=" + customer).json(), entries -> entries.size() >= 1,
                Duration.ofSeconds(15));
        assertThat(log.size()).isEqualTo(1);
        JsonNode entry = log.get(0);
        assertThat(entry.get("eventId").asString()).isEqualTo(registered);
        assertThat(entry.get("type").asString()).isEqualTo(EventCatalog.CUSTOMER_REGISTERED.type());
        assertThat(entry.get("actor").asString()).isEqualTo("ayse");
        assertThat(entry.get("actorName").asString()).isEqualTo("ayse (name)");
        assertThat(entry.get("data").get("name").asString()).isEqualTo("Acme");
    }

    @Test
    void theLogIsFilteredByActorAndTimeAndPagedWithItsTotal() {
        UUID customer = UUID.randomUUID();
        for (int n = 0; n < 3; n++) {
            String json = EventJson.write(new CustomerUpdated(customer, "Acme " + n, "a@acme.example", null, "en", "Europe/Istanbul", 14,
                    Instant.parse("2027-01-04T09:00:00Z"), "NET"));
            send(Topics.BILLING, customer, UUID.randomUUID().toString(), EventCatalog.CUSTOMER_UPDATED.type(), json, n == 1 ? "crm" : "ayse");
        }
        Eventually.await(() -> api.get("/api/activity?customerId=" + customer).json(), entries -> entries.size() == 3, Duration.ofSeconds(15));

        ApiClient.Response page = api.get("/api/activity?customerId=" + customer + "&size=2&page=1");
        assertThat(page.header("X-Total-Count")).isEqualTo("3");
        assertThat(page.json().size()).isEqualTo(1);
        assertThat(api.get("/api/activity?customerId=" + customer + "&actor=crm").json().get(0).get("data").get("name").asString())
                .isEqualTo("Acme 1");
        assertThat(api.get("/api/activity?customerId=" + customer + "&from=2100-01-01T00:00:00Z").json().size()).isZero();
        assertThat(api.get("/api/activity?size=0").status()).isEqualTo(400);
        assertThat(api.get("/api/activity?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z").json().get("field").asString()).isEqualTo("to");
        assertThat(api.get("/api/activity?customerId=not-a-uuid").status()).isEqualTo(400);
    }
}
