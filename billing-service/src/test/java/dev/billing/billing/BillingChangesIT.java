package dev.billing.billing;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.invoice.InvoiceCancelled;
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

    /**
     * The first 1 March at least two days ahead of platform time: March has 31 days and April 30 in
     * every year, so a price of 3100 is 100 a day in March and amounts do not depend on today's date.
     */
    private LocalDate marchAhead() {
        LocalDate date = today().plusDays(2).with(TemporalAdjusters.firstDayOfNextMonth());
        while (date.getMonthValue() != 3) {
            date = date.plusMonths(1);
        }
        return date;
    }

    private JsonNode post(String path, String body, int status) {
        ApiClient.Response response = api.post(path, body);
        assertThat(response.status()).as(path + " " + body + ": " + response.body()).isEqualTo(status);
        return response.json();
    }

    private List<String> pendingAmounts(String customer) {
        List<String> amounts = new java.util.ArrayList<>();
        api.get("/api/customers/" + customer + "/charges").json().forEach(c -> amounts.add(c.get("unitPrice").asString()));
        return amounts;
    }

    private static List<String> unitPrices(JsonNode request) {
        List<String> prices = new java.util.ArrayList<>();
        request.get("lines").forEach(l -> prices.add(new BigDecimal(l.get("unitPrice").asString()).stripTrailingZeros().toPlainString()));
        return prices;
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
        LocalDate start = marchAhead().plusDays(15);
        sell(customer, start, Map.of("billingDay", 1));
        moveTo(start.with(TemporalAdjusters.firstDayOfNextMonth()));
        List<ConsumerRecord<String, String>> requests = requests(customer, 2);
        assertThat(requests).hasSize(2);
        // 16 to 31 March: 16 of 31 days
        assertThat(unitPrices(json(requests.get(0)))).containsExactly("1600");
        assertThat(json(requests.get(1)).get("periodStart").asString()).isEqualTo(start.plusMonths(1).withDayOfMonth(1).toString());
        assertThat(unitPrices(json(requests.get(1)))).containsExactly("3100");
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
        LocalDate start = marchAhead();
        String subscription = sell(customer, start, Map.of());
        moveTo(start);
        assertThat(requests(customer, 1)).hasSize(1);
        post("/api/subscriptions/" + subscription + "/change",
                ApiClient.json(Map.of("unitPrice", "6200", "effectiveDate", start.plusDays(21).toString())), 200);
        assertThat(pendingAmounts(customer)).containsExactlyInAnyOrder("-1000", "2000");

        moveTo(start.plusMonths(1));
        JsonNode next = json(requests(customer, 2).get(1));
        // charges first, then the credits that fit
        assertThat(unitPrices(next)).containsExactly("6200", "2000", "-1000");
        assertThat(next.get("lines").get(2).get("description").asString()).startsWith("Időarányos jóváírás");
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isZero();
    }

    @Test
    void aChangePreviewShowsTheProrationTheChangeThenMakesAndStoresNothing() {
        String customer = customer(null);
        LocalDate start = marchAhead();
        String subscription = sell(customer, start, Map.of());
        moveTo(start);
        assertThat(requests(customer, 1)).hasSize(1);
        String change = ApiClient.json(Map.of("unitPrice", "6200", "effectiveDate", start.plusDays(21).toString()));
        JsonNode preview = post("/api/subscriptions/" + subscription + "/change/preview", change, 200);
        assertThat(preview.get("lines").findValuesAsString("amount")).containsExactlyInAnyOrder("-1000", "2000");
        assertThat(preview.get("net").asString()).isEqualTo("1000");
        assertThat(preview.get("subscription").get("unitPrice").asString()).isEqualTo("6200");
        assertThat(preview.get("scheduledFor").isNull()).isTrue();
        assertThat(pendingAmounts(customer)).as("a preview leaves no charge").isEmpty();
        assertThat(api.get("/api/subscriptions/" + subscription).json().get("unitPrice").asString()).isEqualTo("3100");

        post("/api/subscriptions/" + subscription + "/change", change, 200);
        assertThat(pendingAmounts(customer)).containsExactlyInAnyOrder("-1000", "2000");
        assertThat(kafka.await(ofType(EventCatalog.SUBSCRIPTION_CHANGED.type()).and(r -> r.key().equals(customer)), 2,
                Duration.ofSeconds(3))).as("only the change itself is announced").hasSize(1);

        JsonNode later = post("/api/subscriptions/" + subscription + "/change/preview",
                ApiClient.json(Map.of("quantity", "2", "effectiveDate", start.plusMonths(2).toString())), 200);
        assertThat(later.get("scheduledFor").asString()).isEqualTo(start.plusMonths(2).toString());
        assertThat(later.get("lines").size()).isZero();
        assertThat(api.get("/api/subscriptions/" + subscription).json().get("scheduledChange").isNull()).isTrue();
        ApiClient.Response refused = api.post("/api/subscriptions/" + subscription + "/change/preview",
                ApiClient.json(Map.of("unitPrice", "100", "effectiveDate", start.minusDays(1).toString())));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("field").asString()).isEqualTo("effectiveDate");
    }

    @Test
    void aChangeEffectiveAfterTheCurrentPeriodAppliesFromItsDateNotToTheNextInvoiceAtOnce() {
        String customer = customer(null);
        LocalDate start = marchAhead();
        String subscription = sell(customer, start, Map.of());
        String path = "/api/subscriptions/" + subscription;
        moveTo(start);
        requests(customer, 1);
        // from 11 April: 1 to 10 April at the old price, 11 to 30 April (20 of 30 days) at the new one
        JsonNode scheduled = post(path + "/change", ApiClient.json(Map.of("unitPrice", "6200",
                "effectiveDate", start.plusMonths(1).plusDays(10).toString())), 200);
        assertThat(scheduled.get("unitPrice").asString()).isEqualTo("3100");
        assertThat(scheduled.get("scheduledChange").get("effectiveDate").asString())
                .isEqualTo(start.plusMonths(1).plusDays(10).toString());
        assertThat(scheduled.get("scheduledChange").get("unitPrice").asString()).isEqualTo("6200");
        JsonNode second = post(path + "/change", ApiClient.json(Map.of("unitPrice", "9300",
                "effectiveDate", start.plusMonths(1).plusDays(20).toString())), 409);
        assertThat(second.get("field").asString()).isEqualTo("effectiveDate");

        moveTo(start.plusMonths(1));
        assertThat(unitPrices(json(requests(customer, 2).get(1)))).as("April is invoiced at the price of its first day")
                .containsExactly("3100");
        assertThat(pendingAmounts(customer)).isEmpty();
        moveTo(start.plusMonths(1).plusDays(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(path).json().get("unitPrice").asString().equals("6200"));
        assertThat(api.get(path).json().get("scheduledChange").isNull()).isTrue();
        assertThat(pendingAmounts(customer)).containsExactlyInAnyOrder("-2066.6667", "4133.3333");
        moveTo(start.plusMonths(2));
        assertThat(unitPrices(json(requests(customer, 3).get(2)))).containsExactlyInAnyOrder("6200", "4133.3333", "-2066.6667");
    }

    @Test
    void pauseCreditsTheRestAndResumeChargesFromTheReturnDayKeepingEveryCreditOfTheSameDay() {
        String customer = customer(null);
        LocalDate start = marchAhead();
        String subscription = sell(customer, start, Map.of());
        moveTo(start);
        requests(customer, 1);
        String path = "/api/subscriptions/" + subscription;
        JsonNode tooEarly = post(path + "/pause", "{\"date\":\"" + start.plusDays(21) + "\"}", 422);
        assertThat(tooEarly.get("field").asString()).as("a pause cannot be scheduled ahead").isEqualTo("date");
        moveTo(start.plusDays(21));
        JsonNode paused = post(path + "/pause", "", 200);
        assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
        assertThat(paused.get("pausedFrom").asString()).isEqualTo(start.plusDays(21).toString());
        // 22 March: 10 of March's 31 days unused
        assertThat(pendingAmounts(customer)).containsExactly("-1000");
        // back and paused again the same day: the charge and the second credit both count
        post(path + "/resume", "", 200);
        post(path + "/pause", "", 200);
        assertThat(pendingAmounts(customer)).containsExactlyInAnyOrder("-1000", "1000", "-1000");

        moveTo(start.plusMonths(2));
        assertThat(requests(customer, 2)).as("nothing is billed while paused").hasSize(1);
        JsonNode farAway = post(path + "/resume", "{\"date\":\"+999999999-12-31\"}", 422);
        assertThat(farAway.get("field").asString()).isEqualTo("date");
        // back on 21 April: 10 of April's 30 days
        LocalDate back = start.plusMonths(1).plusDays(20);
        JsonNode resumed = post(path + "/resume", "{\"date\":\"" + back + "\"}", 200);
        assertThat(resumed.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(resumed.get("nextCutDate").asString()).isEqualTo(start.plusMonths(2).toString());
        assertThat(pendingAmounts(customer)).containsExactlyInAnyOrder("-1000", "1000", "-1000", "1033.3333");
        moveTo(start.plusMonths(2).plusDays(1));
        JsonNode next = json(requests(customer, 2).get(1));
        assertThat(next.get("periodStart").asString()).isEqualTo(start.plusMonths(2).toString());
        assertThat(unitPrices(next)).containsExactlyInAnyOrder("3100", "1000", "1033.3333", "-1000", "-1000");
        assertThat(unitPrices(next).get(0)).isEqualTo("3100");
    }

    @Test
    void inArrearsTheDaysBeforeAPauseAreBilledAndTheResumedPeriodIsProrated() {
        String customer = customer(null);
        LocalDate start = marchAhead();
        String subscription = sell(customer, start, Map.of("billing", "ARREARS"));
        moveTo(start.plusDays(10));
        post("/api/subscriptions/" + subscription + "/pause", "", 200);
        JsonNode used = json(requests(customer, 1).get(0));
        assertThat(used.get("periodStart").asString()).isEqualTo(start.toString());
        assertThat(used.get("periodEnd").asString()).isEqualTo(start.plusDays(9).toString());
        assertThat(used.get("fulfilmentDate").asString()).isEqualTo(start.plusDays(9).toString());
        assertThat(unitPrices(used)).containsExactly("1000");

        moveTo(start.plusDays(20));
        JsonNode resumed = post("/api/subscriptions/" + subscription + "/resume", "", 200);
        assertThat(resumed.get("nextCutDate").asString()).isEqualTo(start.plusMonths(1).toString());
        moveTo(start.plusMonths(1));
        JsonNode rest = json(requests(customer, 2).get(1));
        assertThat(rest.get("periodStart").asString()).isEqualTo(start.plusDays(20).toString());
        assertThat(rest.get("periodEnd").asString()).isEqualTo(start.plusMonths(1).minusDays(1).toString());
        assertThat(unitPrices(rest)).as("21 to 31 March: 11 days").containsExactly("1100");
        moveTo(start.plusMonths(2));
        assertThat(unitPrices(json(requests(customer, 3).get(2)))).containsExactly("3100");
    }

    @Test
    void endingAtPeriodEndStopsBillingAndImmediateEndCreditsUnusedDays() {
        String customer = customer(null);
        LocalDate start = marchAhead();
        String atEnd = sell(customer, start, Map.of());
        String now = sell(customer, start, Map.of());
        moveTo(start);
        assertThat(requests(customer, 2)).hasSize(2);
        JsonNode ending = post("/api/subscriptions/" + atEnd + "/end", "{\"mode\":\"AT_PERIOD_END\"}", 200);
        assertThat(ending.get("endDate").asString()).isEqualTo(start.plusMonths(1).toString());
        assertThat(ending.get("status").asString()).isEqualTo("ENDED");
        JsonNode ahead = post("/api/subscriptions/" + now + "/end",
                "{\"mode\":\"IMMEDIATELY\",\"date\":\"" + start.plusDays(10) + "\"}", 422);
        assertThat(ahead.get("field").asString()).as("an immediate end is never in the future").isEqualTo("date");
        assertThat(api.get("/api/subscriptions/" + now).json().get("status").asString()).isEqualTo("ACTIVE");
        moveTo(start.plusDays(10));
        JsonNode ended = post("/api/subscriptions/" + now + "/end", "{\"mode\":\"IMMEDIATELY\"}", 200);
        assertThat(ended.get("status").asString()).isEqualTo("ENDED");
        assertThat(ended.get("endDate").asString()).isEqualTo(start.plusDays(10).toString());
        // 11 to 31 March: 21 days
        assertThat(pendingAmounts(customer)).containsExactly("-2100");
        assertThat(api.post("/api/subscriptions/" + now + "/pause", "").status()).isEqualTo(409);
        moveTo(start.plusMonths(2));
        assertThat(requests(customer, 3)).hasSize(2);
        assertThat(api.get("/api/subscriptions/" + atEnd).json().get("status").asString()).isEqualTo("ENDED");
    }

    @Test
    void periodsNotYetBilledWhenASubscriptionEndsAreBilledUpToTheEnd() {
        String customer = customer(null);
        LocalDate start = marchAhead();
        moveTo(start.plusDays(10));
        // sold back-dated and ended before any billing run reached them
        String advance = sell(customer, start, Map.of());
        String arrears = sell(customer, start, Map.of("billing", "ARREARS"));
        JsonNode ended = post("/api/subscriptions/" + advance + "/end", "{\"mode\":\"IMMEDIATELY\"}", 200);
        assertThat(ended.get("status").asString()).isEqualTo("ENDED");
        JsonNode endedInArrears = post("/api/subscriptions/" + arrears + "/end", "{\"mode\":\"IMMEDIATELY\"}", 200);
        assertThat(endedInArrears.get("status").asString()).isEqualTo("ENDED");
        List<ConsumerRecord<String, String>> billed = requests(customer, 2);
        assertThat(billed).hasSize(2);
        for (ConsumerRecord<String, String> record : billed) {
            JsonNode request = json(record);
            assertThat(request.get("periodStart").asString()).isEqualTo(start.toString());
            assertThat(request.get("periodEnd").asString()).isEqualTo(start.plusDays(9).toString());
            assertThat(unitPrices(request)).containsExactly("1000");
        }
        assertThat(pendingAmounts(customer)).isEmpty();
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

    /** Sends an invoice event (as a new event) and waits until billing's invoice consumer has recorded it in its inbox. */
    private void consumed(String customer, String type, Record payload) {
        String eventId = UUID.randomUUID().toString();
        kafka.send(Topics.INVOICE, customer, eventId, type, EventJson.write(payload));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "select count(*) from inbox_event where consumer = 'billing-invoice' and event_id = :id")
                .param("id", eventId).query(Long.class).single() == 1);
    }

    private void overdue(String customer, UUID invoice, String currency, String openAmount) {
        consumed(customer, EventCatalog.INVOICE_OVERDUE.type(), new InvoiceOverdue(invoice, "INV-2027-000123",
                UUID.fromString(customer), LocalDate.of(2027, 1, 10), 1, currency, new BigDecimal(openAmount)));
    }

    @Test
    void aCancelledInvoicesPeriodIsBilledAgainOnlyOnRequestAndItsChargesAreReleased() {
        String customer = customer(Map.of("lateFee", "PERCENT_PER_MONTH", "lateFeeValue", "2"));
        LocalDate start = firstOfMonthAhead(2);
        assertThat(api.post("/api/customers/" + customer + "/charges", ApiClient.json(Map.of("description", "Setup",
                "unitPrice", "500", "currency", "EUR", "taxRate", "27"))).status()).isEqualTo(201);
        overdue(customer, UUID.randomUUID(), "EUR", "1000.00");
        String subscription = sell(customer, start, Map.of());
        moveTo(start);
        JsonNode first = json(requests(customer, 1).get(0));
        assertThat(first.get("lines").size()).isEqualTo(3);
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isZero();
        String rebillStart = "{\"periodStart\":\"" + start + "\"}";
        ApiClient.Response notCancelled = api.post("/api/subscriptions/" + subscription + "/rebill", rebillStart);
        assertThat(notCancelled.status()).as(notCancelled.body()).isEqualTo(409);
        assertThat(notCancelled.json().get("field").asString()).isEqualTo("periodStart");
        assertThat(api.post("/api/subscriptions/" + subscription + "/rebill", "{\"periodStart\":\"" + start.plusDays(1) + "\"}")
                .status()).isEqualTo(422);

        consumed(customer, EventCatalog.INVOICE_CANCELLED.type(), new InvoiceCancelled(UUID.randomUUID(), "INV-2027-000200",
                UUID.fromString(customer), "STO-2027-000001", "EUR", new BigDecimal("4572.00"), "wrong address",
                Instant.parse("2027-01-01T00:00:00Z"), null, first.get("requestId").asString(), UUID.fromString(subscription)));
        JsonNode released = api.get("/api/customers/" + customer + "/charges").json();
        List<String> kinds = new java.util.ArrayList<>();
        released.forEach(c -> kinds.add(c.get("kind").asString()));
        assertThat(kinds).as("the one-off charge and the late fee of the cancelled invoice are pending again")
                .containsExactlyInAnyOrder("ONE_OFF", "LATE_FEE");
        moveTo(start.plusDays(3));
        assertThat(requests(customer, 2)).as("a cancelled period is never billed again by itself").hasSize(1);

        ApiClient.Response rebilled = api.post("/api/subscriptions/" + subscription + "/rebill", rebillStart);
        assertThat(rebilled.status()).as(rebilled.body()).isEqualTo(202);
        JsonNode again = json(requests(customer, 2).get(1));
        assertThat(again.get("requestId").asString()).isEqualTo(subscription + ":" + start + ":rebill-1")
                .isEqualTo(rebilled.json().get("requestId").asString());
        assertThat(again.get("periodStart").asString()).isEqualTo(start.toString());
        assertThat(again.get("lines").size()).isEqualTo(3);
        assertThat(again.get("lines").get(0).get("unitPrice").asString()).isEqualTo("3100");
        assertThat(api.get("/api/customers/" + customer + "/charges").json().size()).isZero();
        ApiClient.Response twice = api.post("/api/subscriptions/" + subscription + "/rebill", rebillStart);
        assertThat(twice.status()).as(twice.body()).isEqualTo(409);
        assertThat(twice.header("Content-Type")).startsWith("application/problem+json");
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
