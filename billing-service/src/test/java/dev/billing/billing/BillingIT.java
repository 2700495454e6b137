package dev.billing.billing;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.events.access.Role;
import dev.billing.support.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class BillingIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.BILLING);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private Instant platformNow() {
        return Instant.parse(api.get("/api/test-clock").json().get("now").asString());
    }

    private String registerCustomer(String timeZone) {
        ApiClient.Response response = api.post("/api/customers", ApiClient.json(Map.of(
                "name", "Şirin Ağaç Ltd.", "email", "muhasebe@example.com.tr", "phone", "+905321234567",
                "language", "tr", "timeZone", timeZone, "paymentTermDays", 14)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.header("Location")).endsWith("/api/customers/" + response.json().get("id").asString());
        return response.json().get("id").asString();
    }

    private JsonNode sell(String customerId, LocalDate start, String interval) {
        ApiClient.Response response = api.post("/api/subscriptions", ApiClient.json(Map.of(
                "customerId", customerId, "description", "Sosyal medya danışmanlığı", "unitPrice", "15000.00",
                "currency", "TRY", "taxRate", "20", "interval", interval, "startDate", start.toString())));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private List<ConsumerRecord<String, String>> requestsFor(String subscriptionId, int atLeast, Duration wait) {
        return kafka.await(ofType(EventCatalog.INVOICE_REQUESTED.type()).and(r -> r.value().contains(subscriptionId)),
                atLeast, wait);
    }

    @Test
    void customersAreFoundByPartOfTheirNameOrEmailWithLikeWildcardsTakenLiterally() {
        String marker = java.util.UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("Kuş " + marker + " Ltd.", "Other " + marker + "_50% Ltd.")) {
            assertThat(api.post("/api/customers", ApiClient.json(Map.of("name", name, "email", "x@example.com", "language", "en",
                    "timeZone", "Europe/Istanbul", "paymentTermDays", 14))).status()).isEqualTo(201);
        }

        assertThat(api.get("/api/customers?q=" + marker).json().size()).isEqualTo(2);
        assertThat(api.get("/api/customers?q=ku%C5%9F%20" + marker).json().get(0).get("name").asString()).startsWith("Kuş");
        assertThat(api.get("/api/customers?q=" + marker + "_50%25").json().size()).isEqualTo(1);
        assertThat(api.get("/api/customers?q=" + marker + "__").json().size()).as("_ is a character, not a wildcard").isZero();
        assertThat(api.get("/api/customers?q=" + "x".repeat(201)).status()).isEqualTo(400);
    }

    @Test
    void eventTopicsKeepTheirEventsWithoutATimeLimitSoReadModelsCanBeRebuiltAndTheDocumentsTopicTwoWeeks() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", dev.billing.support.testing.EmbeddedInfrastructure.kafkaBootstrapServers()))) {
            for (String topic : List.of(Topics.BILLING, Topics.INVOICE, Topics.PAYMENT, Topics.REMINDER, Topics.NOTIFICATION, Topics.DISPUTE)) {
                org.apache.kafka.common.config.ConfigResource resource =
                        new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
                String retention = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
                assertThat(retention).as(topic).isEqualTo("-1");
            }
            org.apache.kafka.common.config.ConfigResource documents = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.INVOICE_DOCUMENTS);
            assertThat(admin.describeConfigs(List.of(documents)).all().get().get(documents).get("retention.ms").value())
                    .as("the PDFs' carrier keeps them two weeks").isEqualTo(String.valueOf(java.time.Duration.ofDays(14).toMillis()));
        }
    }

    @Test
    void eachEventNamesWhoCausedItAStaffMembersWriteByTheirTokenTheBillingRunAsSystem() {
        ApiClient accountant = api.as(Role.ACCOUNTANT);
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(10);
        ApiClient.Response customer = accountant.post("/api/customers", ApiClient.json(Map.of("name", "Actor Ltd.",
                "email", "actor@example.com", "language", "en", "timeZone", "Europe/Istanbul", "paymentTermDays", 14)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        String customerId = customer.json().get("id").asString();
        String id = sell(customerId, start, "MONTHLY").get("id").asString();

        ConsumerRecord<String, String> registered = kafka.await(ofType(EventCatalog.CUSTOMER_REGISTERED.type())
                .and(r -> r.key().equals(customerId)), 1, Duration.ofSeconds(10)).get(0);
        assertThat(KafkaProbe.header(registered, CloudEventHeaders.ACTOR)).isEqualTo("test-[ACCOUNTANT]");
        assertThat(KafkaProbe.header(registered, CloudEventHeaders.ACTOR_NAME)).isEqualTo("test-[ACCOUNTANT]");
        // the billing run that an ADMIN's clock move starts is still the system's work
        assertThat(api.put("/api/test-clock", "{\"now\":\"" + start.atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant() + "\"}").status())
                .isEqualTo(200);
        ConsumerRecord<String, String> requested = requestsFor(id, 1, Duration.ofSeconds(10)).get(0);
        assertThat(KafkaProbe.header(requested, CloudEventHeaders.ACTOR)).isEqualTo(CloudEventHeaders.SYSTEM_ACTOR);
    }

    @Test
    void reachedCutDateRequestsOneInvoicePerPeriodEvenWhenProcessedTwice() {
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(10);
        String customer = registerCustomer("Europe/Istanbul");
        JsonNode subscription = sell(customer, start, "MONTHLY");
        assertThat(subscription.get("nextCutDate").asString()).isEqualTo(start.toString());
        String id = subscription.get("id").asString();

        Instant cut = start.atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant();
        assertThat(api.put("/api/test-clock", "{\"now\":\"" + cut + "\"}").status()).isEqualTo(200);
        requestsFor(id, 1, Duration.ofSeconds(10));
        // the same cut date processed again: the subscription's cut date reset as a crashed or concurrent run would
        // leave it, so that only the billed_period guard stands between the second run and a second request
        jdbc.sql("update subscription set periods_billed = 0, next_cut_date = :start where id = :id")
                .param("start", start).param("id", java.util.UUID.fromString(id)).update();
        assertThat(api.put("/api/test-clock", "{\"now\":\"" + cut.plusSeconds(60) + "\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/subscriptions/" + id).json().get("periodsBilled").asInt() == 1);

        List<ConsumerRecord<String, String>> requests = requestsFor(id, 2, Duration.ofSeconds(5));
        assertThat(requests).hasSize(1);
        ConsumerRecord<String, String> request = requests.get(0);
        assertThat(request.key()).isEqualTo(customer);
        assertThat(KafkaProbe.header(request, CloudEventHeaders.SOURCE)).isEqualTo("/billing-service");
        assertThat(request.value()).contains("\"requestId\":\"" + id + ":" + start + "\"")
                .contains("\"unitPrice\":\"15000\"").contains("\"periodEnd\":\"" + start.plusMonths(1).minusDays(1) + "\"")
                .as("billed in advance, the date of supply is the cut date").contains("\"fulfilmentDate\":\"" + start + "\"");
        assertThat(api.get("/api/subscriptions/" + id).json().get("nextCutDate").asString())
                .isEqualTo(start.plusMonths(1).toString());
    }

    @Test
    void twoSubscriptionsOfOneAccountBilledInOnePageTakeItsPendingChargeOnce() {
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(10);
        String customer = registerCustomer("Europe/Istanbul");
        String first = sell(customer, start, "MONTHLY").get("id").asString();
        String second = sell(customer, start, "MONTHLY").get("id").asString();
        ApiClient.Response charge = api.post("/api/customers/" + customer + "/charges", ApiClient.json(Map.of(
                "description", "Kampanya kurulumu", "unitPrice", "500", "currency", "TRY", "taxRate", "20")));
        assertThat(charge.status()).as(charge.body()).isEqualTo(201);

        assertThat(api.put("/api/test-clock", "{\"now\":\"" + start.atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant() + "\"}")
                .status()).isEqualTo(200);

        List<String> requests = java.util.stream.Stream.of(first, second)
                .map(id -> requestsFor(id, 1, Duration.ofSeconds(10)).get(0).value()).toList();
        assertThat(requests.stream().filter(r -> r.contains("Kampanya kurulumu"))).hasSize(1);
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isZero();
    }

    @Test
    void aPeriodBilledAlreadyInAPageOfSeveralIsSkippedAndTheOthersAreStillBilled() {
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(10);
        String customer = registerCustomer("Europe/Istanbul");
        String billedBefore = sell(customer, start, "MONTHLY").get("id").asString();
        Instant cut = start.atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant();
        assertThat(api.put("/api/test-clock", "{\"now\":\"" + cut + "\"}").status()).isEqualTo(200);
        requestsFor(billedBefore, 1, Duration.ofSeconds(10));
        // put back before its cut date, as after a restore: its period is billed already, the new one's is not
        jdbc.sql("update subscription set periods_billed = 0, next_cut_date = :start where id = :id")
                .param("start", start).param("id", java.util.UUID.fromString(billedBefore)).update();
        String added = sell(customer, start, "MONTHLY").get("id").asString();

        assertThat(api.put("/api/test-clock", "{\"now\":\"" + cut.plusSeconds(60) + "\"}").status()).isEqualTo(200);

        assertThat(requestsFor(added, 1, Duration.ofSeconds(10))).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/subscriptions/" + billedBefore).json()
                .get("periodsBilled").asInt() == 1);
        assertThat(requestsFor(billedBefore, 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void missedPeriodsAreCaughtUpOnceEach() {
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);
        String customer = registerCustomer("UTC");
        String id = sell(customer, start, "P14D").get("id").asString();

        ApiClient.Response moved = api.put("/api/test-clock", "{\"now\":\"" + start.plusDays(29).atStartOfDay(ZoneOffset.UTC).toInstant() + "\"}");
        assertThat(moved.status()).as(moved.body() + api.get("/api/subscriptions/" + id).body()).isEqualTo(200);

        List<ConsumerRecord<String, String>> requests = requestsFor(id, 4, Duration.ofSeconds(5));
        assertThat(requests).as(api.get("/api/subscriptions/" + id).body() + api.get("/api/billing-runs").body()).hasSize(3);
        assertThat(requests).extracting(ConsumerRecord::value).anySatisfy(v -> assertThat(v).contains(":" + start + "\""))
                .anySatisfy(v -> assertThat(v).contains(":" + start.plusDays(14) + "\""))
                .anySatisfy(v -> assertThat(v).contains(":" + start.plusDays(28) + "\""));
    }

    @Test
    void cutDateIsReachedInTheAccountsTimeZone() {
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(40);
        String east = sell(registerCustomer("Pacific/Kiritimati"), start, "MONTHLY").get("id").asString();
        String west = sell(registerCustomer("America/Los_Angeles"), start, "MONTHLY").get("id").asString();

        // 11:00 UTC the day before: already the start date at UTC+14, still the day before in Los Angeles
        api.put("/api/test-clock", "{\"now\":\"" + start.minusDays(1).atTime(11, 0).toInstant(ZoneOffset.UTC) + "\"}");

        assertThat(requestsFor(east, 1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(requestsFor(west, 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndWritesNothing() {
        long customersBefore = jdbc.sql("select count(*) from customer").query(Long.class).single();
        long subscriptionsBefore = jdbc.sql("select count(*) from subscription").query(Long.class).single();
        String customer = registerCustomer("Europe/Budapest");
        customersBefore++;

        Map<String, String> cases = Map.of(
                "{\"name\":\"A\",\"email\":\"not-an-email\",\"language\":\"en\",\"timeZone\":\"UTC\",\"paymentTermDays\":5}", "email",
                "{\"name\":\"A\",\"email\":\"a@b.hu\",\"language\":\"de\",\"timeZone\":\"UTC\",\"paymentTermDays\":5}", "language",
                "{\"name\":\"A\",\"email\":\"a@b.hu\",\"language\":\"hu\",\"timeZone\":\"Mars/Olympus\",\"paymentTermDays\":5}", "timeZone",
                "{\"name\":\"A\",\"email\":\"a@b.hu\",\"language\":\"hu\",\"timeZone\":\"UTC\",\"paymentTermDays\":\"soon\"}", "paymentTermDays",
                "{\"email\":\"a@b.hu\",\"language\":\"hu\",\"timeZone\":\"UTC\",\"paymentTermDays\":5}", "name");
        cases.forEach((body, field) -> assertProblem(api.post("/api/customers", body), 400, field));

        String valid = "\"customerId\":\"" + customer + "\",\"description\":\"Hosting\",\"taxRate\":\"27\",\"interval\":\"YEARLY\"";
        assertProblem(api.post("/api/subscriptions", "{" + valid + ",\"unitPrice\":\"-5\",\"currency\":\"HUF\",\"startDate\":\"2027-01-01\"}"), 400, "unitPrice");
        assertProblem(api.post("/api/subscriptions", "{" + valid + ",\"unitPrice\":\"5\",\"currency\":\"XXY\",\"startDate\":\"2027-01-01\"}"), 400, "currency");
        assertProblem(api.post("/api/subscriptions", "{" + valid + ",\"unitPrice\":\"5\",\"currency\":\"HUF\",\"startDate\":\"next monday\"}"), 400, "startDate");
        assertProblem(api.post("/api/subscriptions", "{" + valid + ",\"unitPrice\":\"5\",\"currency\":\"HUF\",\"startDate\":\"2027-02-30\"}"), 400, "startDate");
        assertProblem(api.post("/api/subscriptions", "{\"customerId\":\"7b7c0bde-8c84-4a8e-9b0e-111111111111\",\"description\":\"Hosting\","
                + "\"taxRate\":\"27\",\"interval\":\"YEARLY\",\"unitPrice\":\"5\",\"currency\":\"HUF\",\"startDate\":\"2027-01-01\"}"), 404, "customerId");
        assertProblem(api.post("/api/subscriptions", "{" + valid.replace("YEARLY", "EVERY TUESDAY") + ",\"unitPrice\":\"5\",\"currency\":\"HUF\",\"startDate\":\"2027-01-01\"}"), 400, "interval");
        assertProblem(api.post("/api/subscriptions", "{not json"), 400, null);

        assertThat(jdbc.sql("select count(*) from customer").query(Long.class).single()).isEqualTo(customersBefore);
        assertThat(jdbc.sql("select count(*) from subscription").query(Long.class).single()).isEqualTo(subscriptionsBefore);
    }

    @Test
    void testClockOnlyMovesForwardAndNamesTheField() {
        ApiClient.Response back = api.put("/api/test-clock", "{\"now\":\"2000-01-01T00:00:00Z\"}");
        assertProblem(back, 409, "now");
        assertProblem(api.put("/api/test-clock", "{\"now\":\"yesterday\"}"), 400, "now");
        assertProblem(api.put("/api/test-clock", "{\"now\":\"+300000000-01-01T00:00:00Z\"}"), 400, "now");
    }

    @Test
    void accountEventsCarryTheDueRuleInvoiceServiceAppliesToDrafts() {
        ApiClient.Response created = api.post("/api/customers", ApiClient.json(Map.of(
                "name", "Ay Sonu Ltd.", "email", "finans@aysonu.example", "language", "tr", "timeZone", "Europe/Istanbul",
                "paymentTermDays", 10, "terms", Map.of("dueRule", "END_OF_MONTH"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();

        assertThat(kafka.await(ofType(EventCatalog.CUSTOMER_REGISTERED.type()).and(r -> r.key().equals(id)), 1,
                Duration.ofSeconds(10))).singleElement().satisfies(r -> assertThat(r.value()).contains("\"paymentDueRule\":\"END_OF_MONTH\""));
    }

    @Test
    void operatorSeesTheBillingRuns() {
        api.put("/api/test-clock", "{\"now\":\"" + platformNow().plusSeconds(5) + "\"}");
        JsonNode runs = api.get("/api/billing-runs").json();
        assertThat(runs.size()).isGreaterThan(0);
        assertThat(runs.get(0).has("requestedCount")).isTrue();
        assertThat(runs.get(0).get("failureCount").asInt()).isZero();
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("field")).as(response.body()).isNotNull();
            assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
        }
    }
}
