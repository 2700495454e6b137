package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Transient faults are waited out, poison is parked with its group, and an operator can replay it to that group. */
@IntegrationTest
class ConsumerFaultsIT {
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
        kafka = KafkaProbe.onEmbeddedBroker(Topics.deadLetter(Topics.BILLING));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private static InvoiceRequested request(UUID customer, String requestId) {
        return new InvoiceRequested(requestId, customer, UUID.randomUUID(),
                new BillTo("Yıldız Ajans", "muhasebe@example.com.tr", null, "tr", "Europe/Istanbul"),
                LocalDate.of(2027, 5, 1), LocalDate.of(2027, 5, 1), LocalDate.of(2027, 5, 31), "TRY", 10,
                List.of(new RequestedLine("Sosyal medya danışmanlığı", BigDecimal.ONE, new BigDecimal("1000"), new BigDecimal("20"))), null, null);
    }

    private long invoicesOf(Set<UUID> customers) {
        // a copy: the load thread may still be adding to the set while the statement is built
        return jdbc.sql("select count(*) from invoice where customer_id = any(:ids)")
                .param("ids", customers.toArray(UUID[]::new)).query(Long.class).single();
    }

    @Test
    void aRequestWhileTheDatabaseIsDownIsA503ProblemThatSaysWhenToAskAgain() throws Exception {
        Thread outage = new Thread(() -> {
            try {
                EmbeddedInfrastructure.restartPostgres(Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        outage.start();
        try {
            ApiClient.Response during = Eventually.await(() -> api.get("/api/invoices?customerId=" + UUID.randomUUID()), r -> r.status() != 200,
                    Duration.ofSeconds(20));

            assertThat(during.status()).as(during.body()).isEqualTo(503);
            assertThat(during.header("Content-Type")).startsWith("application/problem+json");
            assertThat(during.header("Retry-After")).isEqualTo("5");
            assertThat(during.json().get("detail").asString()).contains("cannot reach its database");
        } finally {
            outage.join();
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> api.get("/api/invoices?customerId=" + UUID.randomUUID()).status() == 200);
    }

    @Test
    void aDatabaseOutageUnderLoadSendsNothingToTheDlqAndLosesNoInvoice() throws Exception {
        int count = 400;
        Set<UUID> customers = ConcurrentHashMap.newKeySet();
        Set<String> eventIds = ConcurrentHashMap.newKeySet();
        // events keep arriving before, during and after the outage, about one every 40 ms
        Thread load = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                UUID customer = UUID.randomUUID();
                customers.add(customer);
                String eventId = UUID.randomUUID().toString();
                eventIds.add(eventId);
                kafka.send(Topics.BILLING, customer.toString(), eventId, EventCatalog.INVOICE_REQUESTED.type(),
                        EventJson.write(request(customer, "outage:" + customer)));
                LockSupport.parkNanos(Duration.ofMillis(40).toNanos()); // pacing the load, not waiting for a result
            }
        });
        load.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> invoicesOf(customers) > 20);

        EmbeddedInfrastructure.restartPostgres(Duration.ofSeconds(15));
        load.join();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> invoicesOf(customers) == count);
        assertThat(kafka.drain(Duration.ofSeconds(2)).stream().map(r -> KafkaProbe.header(r, "ce_id")).filter(eventIds::contains))
                .isEmpty();
        assertThat(invoicesOf(customers)).isEqualTo(count);
    }

    @Test
    void aDeadLetterIsListedWithItsGroupAndReplayedToThatConsumerOnlyOnce() {
        UUID customer = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        // as ConsumerFailures parks a record: the original key, value and headers, and where and why it failed
        kafka.send(Topics.deadLetter(Topics.BILLING), customer.toString(), eventId, EventCatalog.INVOICE_REQUESTED.type(),
                EventJson.write(request(customer, "replay:" + customer)), Map.of("x-dlq-group", "invoice-service",
                        "x-original-topic", Topics.BILLING, "x-exception-fqcn", "java.lang.IllegalStateException",
                        "x-exception-message", "a bug fixed since"));
        kafka.send(Topics.deadLetter(Topics.BILLING), customer.toString(), UUID.randomUUID().toString(),
                EventCatalog.INVOICE_REQUESTED.type(), EventJson.write(request(customer, "other:" + customer)),
                Map.of("x-dlq-group", "some-other-service", "x-original-topic", Topics.BILLING));

        JsonNode letters = api.get("/api/dlq").json();
        List<JsonNode> mine = new ArrayList<>();
        letters.forEach(letter -> {
            if (letter.get("key").asString().equals(customer.toString())) {
                mine.add(letter);
            }
        });
        assertThat(mine).hasSize(1);
        JsonNode letter = mine.get(0);
        assertThat(letter.get("group").asString()).isEqualTo("invoice-service");
        assertThat(letter.get("eventId").asString()).isEqualTo(eventId);
        assertThat(letter.get("reason").asString()).isEqualTo("a bug fixed since");
        assertThat(letter.get("replayedAt").isNull()).isTrue();
        String id = letter.get("id").asString();
        assertThat(new ApiClient("http://localhost:" + managementPort).get("/actuator/prometheus").body()).containsPattern(
                "dlq_records\\{[^}]*group=\"invoice-service\"[^}]*topic=\"billing.events.dlq\"[^}]*} [1-9]");

        JsonNode inspected = api.get("/api/dlq/" + id).json();
        assertThat(inspected.get("headers").get("x-dlq-group").asString()).isEqualTo("invoice-service");
        assertThat(inspected.get("headers").get("ce_id").asString()).isEqualTo(eventId);
        assertThat(inspected.get("value").asString()).contains("replay:" + customer);

        ApiClient.Response replayed = api.post("/api/dlq/" + id + "/replay", "");
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(invoicesOf(Set.of(customer))).isEqualTo(1);
        assertThat(api.post("/api/dlq/" + id + "/replay", "").status()).isEqualTo(200);
        assertThat(invoicesOf(Set.of(customer))).isEqualTo(1);

        List<String> replayedIds = new ArrayList<>();
        api.get("/api/dlq").json().forEach(l -> {
            if (!l.get("replayedAt").isNull()) {
                replayedIds.add(l.get("id").asString());
            }
        });
        assertThat(replayedIds).contains(id);
        ApiClient.Response unknown = api.post("/api/dlq/billing.events.dlq-0-999999/replay", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(api.post("/api/dlq/nonsense/replay", "").status()).isEqualTo(400);
        assertThat(api.post("/api/dlq/billing.events.dlq-99999999999-0/replay", "").status()).isEqualTo(400);
    }
}
