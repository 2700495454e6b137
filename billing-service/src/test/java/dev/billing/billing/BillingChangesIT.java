package dev.billing.billing;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Terms, billing days, arrears, changes with proration, pauses, ends, one-off charges and late fees. */
@IntegrationTest
class BillingChangesIT {
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

    private LocalDate today() {
        return Instant.parse(api.get("/api/test-clock").json().get("now").asString()).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** A date at least {@code days} ahead of platform time that is the first of a month. */
    private LocalDate firstOfMonthAhead(int days) {
        return today().plusDays(days).with(TemporalAdjusters.firstDayOfNextMonth());
    }

    private void moveTo(LocalDate date) {
        Instant target = date.atTime(12, 0).toInstant(ZoneOffset.UTC);
        Instant now = Instant.parse(api.get("/api/test-clock").json().get("now").asString());
        if (target.isAfter(now)) {
            ApiClient.Response response = api.put("/api/test-clock", "{\"now\":\"" + target + "\"}");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
    }

    private String customer(Map<String, Object> terms) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Duna Reklám Kft.", "email", "szamla@duna.example",
                "language", "hu", "timeZone", "UTC", "paymentTermDays", 8));
        if (terms != null) {
            body.put("terms", terms);
        }
        ApiClient.Response response = api.post("/api/customers", ApiClient.json(body));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private String sell(String customer, LocalDate start, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("customerId", customer, "description", "Social media",
                "unitPrice", "3100", "currency", "EUR", "taxRate", "27", "interval", "MONTHLY", "startDate", start.toString()));
        body.putAll(extra);
        ApiClient.Response response = api.post("/api/subscriptions", ApiClient.json(body));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private List<ConsumerRecord<String, String>> requests(String customer, int count) {
        return kafka.await(ofType(EventCatalog.INVOICE_REQUESTED.type()).and(r -> r.key().equals(customer)), count,
                Duration.ofSeconds(8));
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(record.value());
    }

    @Test
    void endOfMonthTermsGiveTheDueDate() {
        String customer = customer(Map.of("dueRule", "END_OF_MONTH", "paymentMethods", List.of("bank_transfer")));
        LocalDate start = firstOfMonthAhead(2).plusDays(4);
        sell(customer, start, Map.of("paymentTermDays", 10));
        moveTo(start);
        JsonNode request = json(requests(customer, 1).get(0));
        assertThat(request.get("dueDate").asString())
                .isEqualTo(start.with(TemporalAdjusters.lastDayOfMonth()).plusDays(10).toString());
        assertThat(request.get("paymentTermDays").asInt()).isEqualTo(10);
    }

    @Test
    void billingDayProratesTheFirstPeriod() {
        String customer = customer(null);
        LocalDate first = firstOfMonthAhead(2);
        LocalDate start = first.plusDays(15);
        sell(customer, start, Map.of("billingDay", 1));
        moveTo(start.with(TemporalAdjusters.firstDayOfNextMonth()));
        List<ConsumerRecord<String, String>> requests = requests(customer, 2);
        assertThat(requests).hasSize(2);
        int daysInMonth = first.lengthOfMonth();
        BigDecimal expected = new BigDecimal("3100").multiply(BigDecimal.valueOf(daysInMonth - 15))
                .divide(BigDecimal.valueOf(daysInMonth), 4, java.math.RoundingMode.HALF_UP);
        BigDecimal firstPrice = new BigDecimal(json(requests.get(0)).get("lines").get(0).get("unitPrice").asString());
        assertThat(firstPrice).isEqualByComparingTo(expected);
        assertThat(json(requests.get(1)).get("periodStart").asString()).isEqualTo(first.plusMonths(1).toString());
        assertThat(json(requests.get(1)).get("lines").get(0).get("unitPrice").asString()).isEqualTo("3100");
    }

    @Test
    void inArrearsThePeriodIsInvoicedAfterItEnds() {
        String customer = customer(null);
        LocalDate start = firstOfMonthAhead(2);
        sell(customer, start, Map.of("billing", "ARREARS"));
        moveTo(start.plusDays(20));
        assertThat(requests(customer, 1)).isEmpty();
        moveTo(start.plusMonths(1));
        JsonNode request = json(requests(customer, 1).get(0));
        assertThat(request.get("periodStart").asString()).isEqualTo(start.toString());
        assertThat(request.get("periodEnd").asString()).isEqualTo(start.plusMonths(1).minusDays(1).toString());
        assertThat(request.get("issueDate").asString()).isEqualTo(start.plusMonths(1).toString());
        assertThat(request.get("fulfilmentDate").asString()).as("the date of supply of a period in arrears is its end")
                .isEqualTo(start.plusMonths(1).minusDays(1).toString());
    }

    @Test
    void priceChangeMidPeriodIsProratedOnTheNextInvoice() {
        String customer = customer(null);
        LocalDate start = firstOfMonthAhead(2);
        String subscription = sell(customer, start, Map.of());
        moveTo(start);
        assertThat(requests(customer, 1)).hasSize(1);
        LocalDate change = start.plusDays(start.lengthOfMonth() - 10);
        ApiClient.Response changed = api.post("/api/subscriptions/" + subscription + "/change",
                ApiClient.json(Map.of("unitPrice", "6200", "effectiveDate", change.toString())));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isEqualTo(2);

        moveTo(start.plusMonths(1));
        JsonNode next = json(requests(customer, 2).get(1));
        assertThat(next.get("lines").size()).isEqualTo(3);
        assertThat(next.get("lines").get(0).get("unitPrice").asString()).isEqualTo("6200");
        // charges first, then the credits that fit
        assertThat(next.get("lines").get(1).get("unitPrice").asString()).isEqualTo("2000");
        assertThat(next.get("lines").get(2).get("unitPrice").asString()).isEqualTo("-1000");
        assertThat(next.get("lines").get(2).get("description").asString()).startsWith("Időarányos jóváírás");
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isZero();
    }

    @Test
    void pauseCreditsTheRestAndResumeChargesFromTheReturnDay() {
        String customer = customer(null);
        LocalDate start = firstOfMonthAhead(2);
        String subscription = sell(customer, start, Map.of());
        moveTo(start);
        requests(customer, 1);
        int days = start.lengthOfMonth();
        ApiClient.Response tooEarly = api.post("/api/subscriptions/" + subscription + "/pause",
                "{\"date\":\"" + start.plusDays(days - 10) + "\"}");
        assertThat(tooEarly.status()).as("a pause cannot be scheduled ahead").isEqualTo(422);
        moveTo(start.plusDays(days - 10));
        ApiClient.Response paused = api.post("/api/subscriptions/" + subscription + "/pause", "");
        assertThat(paused.json().get("status").asString()).isEqualTo("PAUSED");
        assertThat(paused.json().get("pausedFrom").asString()).isEqualTo(start.plusDays(days - 10).toString());
        moveTo(start.plusMonths(2));
        assertThat(requests(customer, 2)).as("nothing is billed while paused").hasSize(1);

        ApiClient.Response farAway = api.post("/api/subscriptions/" + subscription + "/resume", "{\"date\":\"+999999999-12-31\"}");
        assertThat(farAway.status()).as(farAway.body()).isEqualTo(422);
        assertThat(farAway.json().get("field").asString()).isEqualTo("date");
        LocalDate back = start.plusMonths(2).plusDays(20);
        ApiClient.Response resumed = api.post("/api/subscriptions/" + subscription + "/resume", "{\"date\":\"" + back + "\"}");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().get("nextCutDate").asString()).isEqualTo(start.plusMonths(3).toString());
        moveTo(start.plusMonths(3));
        JsonNode next = json(requests(customer, 2).get(1));
        assertThat(next.get("periodStart").asString()).isEqualTo(start.plusMonths(3).toString());
        assertThat(next.get("lines").size()).isEqualTo(3);
    }

    @Test
    void endingAtPeriodEndStopsBillingAndImmediateEndCreditsUnusedDays() {
        String customer = customer(null);
        LocalDate start = firstOfMonthAhead(2);
        String atEnd = sell(customer, start, Map.of());
        String now = sell(customer, start, Map.of("unitPrice", "100"));
        moveTo(start);
        assertThat(requests(customer, 2)).hasSize(2);
        ApiClient.Response ending = api.post("/api/subscriptions/" + atEnd + "/end", "{\"mode\":\"AT_PERIOD_END\"}");
        assertThat(ending.json().get("endDate").asString()).isEqualTo(start.plusMonths(1).toString());
        ApiClient.Response ended = api.post("/api/subscriptions/" + now + "/end",
                "{\"mode\":\"IMMEDIATELY\",\"date\":\"" + start.plusDays(10) + "\"}");
        assertThat(ended.json().get("status").asString()).isEqualTo("ENDED");
        assertThat(api.get("/api/customers/" + customer + "/charges").json().get(0).get("unitPrice").asString()).startsWith("-");
        assertThat(api.post("/api/subscriptions/" + now + "/pause", "").status()).isEqualTo(409);
        moveTo(start.plusMonths(2));
        assertThat(requests(customer, 3)).hasSize(2);
        assertThat(api.get("/api/subscriptions/" + atEnd).json().get("status").asString()).isIn("ENDED", "ENDING");
    }

    @Test
    void oneOffChargeGoesOnTheNextInvoiceOrIsInvoicedAtOnce() {
        String customer = customer(null);
        ApiClient.Response later = api.post("/api/customers/" + customer + "/charges", ApiClient.json(Map.of(
                "description", "Kampány beállítás", "unitPrice", "500", "currency", "EUR", "taxRate", "27")));
        assertThat(later.status()).as(later.body()).isEqualTo(201);
        ApiClient.Response now = api.post("/api/customers/" + customer + "/charges", ApiClient.json(Map.of(
                "description", "Fotózás", "quantity", "2", "unitPrice", "300", "currency", "EUR", "taxRate", "27",
                "invoiceNow", true)));
        assertThat(now.status()).as(now.body()).isEqualTo(201);
        JsonNode request = json(requests(customer, 1).get(0));
        assertThat(request.get("requestId").asString()).startsWith("charge:");
        assertThat(request.get("lines").size()).isEqualTo(2);
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isZero();
        ApiClient.Response bad = api.post("/api/customers/" + customer + "/charges", ApiClient.json(Map.of(
                "description", "x", "unitPrice", "-5", "currency", "EUR", "taxRate", "27")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("unitPrice");
    }

    /** Sends an InvoiceOverdue (as a new event) and waits until billing's invoice consumer has recorded it in its inbox. */
    private void overdue(String customer, UUID invoice, String currency, String openAmount) {
        String event = EventJson.write(new InvoiceOverdue(invoice, "INV-2027-000123", UUID.fromString(customer),
                LocalDate.of(2027, 1, 10), 1, currency, new BigDecimal(openAmount)));
        String eventId = UUID.randomUUID().toString();
        kafka.send(Topics.INVOICE, customer, eventId, EventCatalog.INVOICE_OVERDUE.type(), event);
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "select count(*) from inbox_event where consumer = 'billing-invoice' and event_id = :id")
                .param("id", eventId).query(Long.class).single() == 1);
    }

    @Test
    void lateFeeFromTheTermsIsChargedOnceWhenAnInvoiceBecomesOverdue() {
        String customer = customer(Map.of("lateFee", "PERCENT_PER_MONTH", "lateFeeValue", "2"));
        UUID invoice = UUID.randomUUID();
        overdue(customer, invoice, "EUR", "1270.00");
        // the same fact again under another event id: consumed (inbox row) and charged no second time
        overdue(customer, invoice, "EUR", "1270.00");
        JsonNode charges = api.get("/api/customers/" + customer + "/charges").json();
        assertThat(charges.size()).isEqualTo(1);
        assertThat(charges.get(0).get("unitPrice").asString()).isEqualTo("25.4");
        assertThat(charges.get(0).get("description").asString()).isEqualTo("Késedelmi díj: INV-2027-000123");
        assertThat(charges.get(0).get("kind").asString()).isEqualTo("LATE_FEE");
        assertThat(charges.get(0).get("taxRate").asString()).isEqualTo("0");
    }

    @Test
    void lateFeesAreTaxedAsTheTermsSay() {
        // Türkiye: KDV on late fees at the rate of the main supply
        String customer = customer(Map.of("lateFee", "PERCENT_PER_MONTH", "lateFeeValue", "2", "lateFeeTaxRate", "20"));
        overdue(customer, UUID.randomUUID(), "TRY", "1000.00");
        JsonNode charges = api.get("/api/customers/" + customer + "/charges").json();
        assertThat(charges.size()).isEqualTo(1);
        assertThat(charges.get(0).get("unitPrice").asString()).isEqualTo("20");
        assertThat(charges.get(0).get("taxRate").asString()).isEqualTo("20");
    }

    @Test
    void aFixedLateFeeHasACurrencyAndIsChargedOnlyForInvoicesInIt() {
        ApiClient.Response noCurrency = api.post("/api/customers", ApiClient.json(Map.of("name", "Duna Reklám Kft.",
                "email", "szamla@duna.example", "language", "hu", "timeZone", "UTC", "paymentTermDays", 8,
                "terms", Map.of("lateFee", "FIXED", "lateFeeValue", "40"))));
        assertThat(noCurrency.status()).as(noCurrency.body()).isEqualTo(400);
        assertThat(noCurrency.json().get("field").asString()).isEqualTo("terms.lateFeeCurrency");

        // Hungary: the 40 EUR behajtási költségátalány, outside the scope of ÁFA
        String customer = customer(Map.of("lateFee", "FIXED", "lateFeeValue", "40", "lateFeeCurrency", "EUR"));
        overdue(customer, UUID.randomUUID(), "HUF", "500000");
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).as("40 EUR are not 40 HUF").isZero();
        overdue(customer, UUID.randomUUID(), "EUR", "1270.00");
        JsonNode charges = api.get("/api/customers/" + customer + "/charges").json();
        assertThat(charges.size()).isEqualTo(1);
        assertThat(charges.get(0).get("unitPrice").asString()).isEqualTo("40");
        assertThat(charges.get(0).get("currency").asString()).isEqualTo("EUR");
        assertThat(charges.get(0).get("taxRate").asString()).isEqualTo("0");
        assertThat(api.get("/api/customers/" + customer).json().get("terms").get("lateFeeCurrency").asString()).isEqualTo("EUR");
    }

    @Test
    void accountTermsChangesReachSubscriptionsThatOverrideOnlyPartOfThem() {
        String customer = customer(null);
        LocalDate start = firstOfMonthAhead(2).plusDays(4);
        sell(customer, start, Map.of("terms", Map.of("paymentMethods", List.of("CARD"))));
        ApiClient.Response updated = api.put("/api/customers/" + customer, ApiClient.json(Map.of("name", "Duna Reklám Kft.",
                "email", "szamla@duna.example", "language", "hu", "timeZone", "UTC", "paymentTermDays", 15,
                "terms", Map.of("dueRule", "END_OF_MONTH"))));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        moveTo(start);
        JsonNode request = json(requests(customer, 1).get(0));
        assertThat(request.get("paymentTermDays").asInt()).isEqualTo(15);
        assertThat(request.get("dueDate").asString()).isEqualTo(start.with(TemporalAdjusters.lastDayOfMonth()).plusDays(15).toString());
    }

    @Test
    void aStartDateMoreThanTwelvePeriodsBackIsRefusedUnlessTheCatchUpIsConfirmed() {
        String customer = customer(null);
        LocalDate longAgo = today().minusMonths(13);
        Map<String, Object> body = new HashMap<>(Map.of("customerId", customer, "description", "Social media",
                "unitPrice", "3100", "currency", "EUR", "taxRate", "27", "interval", "MONTHLY", "startDate", longAgo.toString()));
        ApiClient.Response refused = api.post("/api/subscriptions", ApiClient.json(body));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("field").asString()).isEqualTo("startDate");
        assertThat(api.get("/api/subscriptions?customerId=" + customer).json().size()).isZero();
        body.put("confirmCatchUp", true);
        ApiClient.Response confirmed = api.post("/api/subscriptions", ApiClient.json(body));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
    }

    @Test
    void accountChangesAreAnnounced() {
        String customer = customer(null);
        ApiClient.Response updated = api.put("/api/customers/" + customer, ApiClient.json(Map.of("name", "Duna Reklám Zrt.",
                "email", "penzugy@duna.example", "language", "hu", "timeZone", "Europe/Budapest", "paymentTermDays", 15,
                "terms", Map.of("lateFee", "FIXED", "lateFeeValue", "40", "lateFeeCurrency", "EUR"))));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("terms").get("lateFee").asString()).isEqualTo("FIXED");
        assertThat(kafka.await(ofType(EventCatalog.CUSTOMER_UPDATED.type()).and(r -> r.key().equals(customer)), 1,
                Duration.ofSeconds(8)).get(0).value()).contains("penzugy@duna.example").contains("\"paymentTermDays\":15");
        assertThat(api.put("/api/customers/" + UUID.randomUUID(), ApiClient.json(Map.of("name", "x", "email", "a@b.hu",
                "language", "hu", "timeZone", "UTC", "paymentTermDays", 1))).status()).isEqualTo(404);
        ApiClient.Response badTerms = api.put("/api/customers/" + customer, ApiClient.json(Map.of("name", "x", "email", "a@b.hu",
                "language", "hu", "timeZone", "UTC", "paymentTermDays", 1, "terms", Map.of("dueRule", "WHENEVER"))));
        assertThat(badTerms.json().get("field").asString()).isEqualTo("terms.dueRule");
    }
}
