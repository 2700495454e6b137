package dev.billing.invoice;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.Role;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputedLine;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
import tools.jackson.databind.json.JsonMapper;

/** A resolved dispute's outcome on its invoice (DisputeResolved on dispute.events), and the previews of the outcome form. */
@IntegrationTest
class DisputeOutcomesIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.INVOICE, Topics.deadLetter(Topics.DISPUTE));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private UUID registeredCustomer() {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Yıldız Ajans A.Ş.", "finans@yildiz.example", null, "tr",
                        "Europe/Istanbul", 15, Instant.parse("2027-01-01T00:00:00Z"), null)));
        return customer;
    }

    /** 12175.00 TRY: 9000 net at 20 % (line 0) and 500 x 2.50 at 10 % (line 1). */
    private UUID issuedInvoice(UUID customer) {
        String body = ApiClient.json(Map.of("customerId", customer.toString(), "currency", "TRY", "lines", List.of(
                Map.of("description", "Kampanya yönetimi", "quantity", "1", "unitPrice", "10000", "discountPercent", "10", "taxRate", "20"),
                Map.of("description", "Basılı broşür", "quantity", "500", "unitPrice", "2.50", "taxRate", "10"))));
        ApiClient.Response draft = Eventually.await(() -> api.post("/api/invoices", body), r -> r.status() != 404,
                Duration.ofSeconds(15));
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        String id = draft.json().get("id").asString();
        ApiClient.Response issued = api.post("/api/invoices/" + id + "/issue", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return UUID.fromString(id);
    }

    private JsonNode invoice(UUID id) {
        return api.get("/api/invoices/" + id).json();
    }

    private void pay(UUID customer, UUID invoice, String amount, String status) {
        kafka.send(Topics.PAYMENT, customer.toString(), UUID.randomUUID().toString(), EventCatalog.PAYMENT_RECEIVED.type(),
                EventJson.write(new PaymentReceived(UUID.randomUUID(), customer, invoice, "TRY", new BigDecimal(amount),
                        "BANK_TRANSFER", null, null, Instant.now())));
        await().atMost(Duration.ofSeconds(15)).until(() -> invoice(invoice).get("status").asString().equals(status));
    }

    private static DisputeResolved creditAmount(UUID dispute, UUID customer, UUID invoice, String amount) {
        return new DisputeResolved(dispute, customer, invoice, "CREDIT_NOTE", "TRY", new BigDecimal(amount),
                "Hasarlı broşürler için indirim", Instant.now(), null, null, "collector", "accountant");
    }

    /** Sends the event with {@code eventId} and waits until invoice-service's dispute consumer has taken it. */
    private void resolved(String eventId, DisputeResolved resolved) {
        kafka.send(Topics.DISPUTE, resolved.customerId().toString(), eventId, EventCatalog.DISPUTE_RESOLVED.type(),
                EventJson.write(resolved));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "select count(*) from inbox_event where consumer = 'invoice-dispute' and event_id = :id")
                .param("id", eventId).query(Long.class).single() == 1);
    }

    private long creditNotes(UUID invoice) {
        return jdbc.sql("select count(*) from credit_note where invoice_id = :id").param("id", invoice).query(Long.class).single();
    }

    /** Today on the platform clock, in the customers' time zone. */
    private LocalDate today() {
        return Instant.parse(api.get("/api/test-clock").json().get("now").asString()).atZone(ZoneId.of("Europe/Istanbul"))
                .toLocalDate();
    }

    /** The last number handed out in the series this year (of the platform clock). */
    private long lastNumber(String series) {
        return jdbc.sql("select last_number from number_series where series = :s and year = :y")
                .param("s", series).param("y", today().getYear()).query(Long.class).optional().orElse(0L);
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value());
    }

    @Test
    void aCreditNoteOutcomeByAmountCreditsTheInvoiceOnceHoweverOftenItIsDelivered() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);
        UUID dispute = UUID.randomUUID();
        DisputeResolved outcome = creditAmount(dispute, customer, invoice, "175");
        String eventId = UUID.randomUUID().toString();

        resolved(eventId, outcome);
        await().atMost(Duration.ofSeconds(15)).until(() -> creditNotes(invoice) == 1);
        // the same event again, and the same outcome under another event id (a producer that sent it twice)
        kafka.send(Topics.DISPUTE, customer.toString(), eventId, EventCatalog.DISPUTE_RESOLVED.type(), EventJson.write(outcome));
        resolved(UUID.randomUUID().toString(), outcome);

        assertThat(creditNotes(invoice)).isEqualTo(1);
        assertThat(jdbc.sql("select dispute_id from credit_note where invoice_id = :id").param("id", invoice)
                .query(UUID.class).single()).isEqualTo(dispute);
        JsonNode credited = invoice(invoice);
        assertThat(credited.get("creditedAmount").asString()).isEqualTo("175.00");
        assertThat(credited.get("openAmount").asString()).isEqualTo("12000.00");
        List<ConsumerRecord<String, String>> notes = kafka.await(ofType(EventCatalog.CREDIT_NOTE_ISSUED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10));
        assertThat(payload(notes.get(0)).get("reason").asString()).isEqualTo("Hasarlı broşürler için indirim");
        assertThat(kafka.drain(Duration.ofSeconds(1)).stream().filter(ofType(EventCatalog.CREDIT_NOTE_ISSUED.type())
                .and(r -> r.key().equals(customer.toString())))).hasSize(1);
    }

    @Test
    void aCreditNoteOutcomeByLinesCreditsThoseQuantitiesWithTheirTaxRate() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);

        resolved(UUID.randomUUID().toString(), new DisputeResolved(UUID.randomUUID(), customer, invoice, "CREDIT_NOTE", "TRY",
                null, "100 broşür hasarlı geldi", Instant.now(), List.of(new DisputedLine(1, new BigDecimal("100"))), null,
                "collector", "accountant"));

        await().atMost(Duration.ofSeconds(15)).until(() -> creditNotes(invoice) == 1);
        assertThat(jdbc.sql("select amount from credit_note where invoice_id = :id").param("id", invoice)
                .query(BigDecimal.class).single()).isEqualByComparingTo("275");
        assertThat(jdbc.sql("select quantity from credit_note_line where invoice_id = :id and position = 1").param("id", invoice)
                .query(BigDecimal.class).single()).isEqualByComparingTo("100");
        assertThat(invoice(invoice).get("openAmount").asString()).isEqualTo("11900.00");
    }

    @Test
    void aReissueOutcomeCancelsByStornoAndIssuesTheCorrectedInvoiceForTheSamePeriodUnderTheNextNumber() {
        UUID customer = registeredCustomer();
        UUID subscription = UUID.randomUUID();
        String requestId = "dispute-reissue:" + customer;
        LocalDate cut = today();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_REQUESTED.type(),
                EventJson.write(new InvoiceRequested(requestId, customer, subscription,
                        new BillTo("Yıldız Ajans A.Ş.", "finans@yildiz.example", null, "tr", "Europe/Istanbul"),
                        cut, cut.minusMonths(1), cut.minusDays(1), "TRY", 10,
                        List.of(new RequestedLine("Barındırma", new BigDecimal("2"), new BigDecimal("100"), new BigDecimal("20"))),
                        null, cut.minusDays(1))));
        JsonNode list = Eventually.await(() -> api.get("/api/invoices?customerId=" + customer).json(), l -> l.size() == 1,
                Duration.ofSeconds(20));
        UUID original = UUID.fromString(list.get(0).get("id").asString());
        pay(customer, original, "40", "PARTIALLY_PAID");
        long invoicesBefore = lastNumber("INV");
        long stornosBefore = lastNumber("STR");
        UUID dispute = UUID.randomUUID();
        DisputeResolved outcome = new DisputeResolved(dispute, customer, original, "REISSUE", "TRY", null,
                "Bir birim fazla faturalanmış", Instant.now(), null,
                List.of(new RequestedLine("Barındırma", BigDecimal.ONE, new BigDecimal("100"), new BigDecimal("20"))),
                "collector", "accountant");

        resolved(UUID.randomUUID().toString(), outcome);

        JsonNode cancelled = invoice(original);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelReason").asString()).isEqualTo("Bir birim fazla faturalanmış");
        UUID correctedId = UUID.fromString(cancelled.get("correctedByInvoiceId").asString());
        JsonNode corrected = invoice(correctedId);
        int year = LocalDate.parse(corrected.get("issueDate").asString()).getYear();
        assertThat(corrected.get("correctsInvoiceId").asString()).isEqualTo(original.toString());
        assertThat(cancelled.get("correctsInvoiceId").isNull()).isTrue();
        assertThat(corrected.get("correctedByInvoiceId").isNull()).isTrue();
        assertThat(corrected.get("number").asString()).as("the next number of the series: gapless")
                .isEqualTo(String.format("INV-%d-%06d", year, invoicesBefore + 1));
        assertThat(cancelled.get("stornoNumber").asString()).isEqualTo(String.format("STR-%d-%06d", year, stornosBefore + 1));
        assertThat(corrected.get("customerId").asString()).isEqualTo(customer.toString());
        assertThat(corrected.get("currency").asString()).isEqualTo("TRY");
        assertThat(corrected.get("fulfilmentDate").asString()).isEqualTo(cut.minusDays(1).toString())
                .isEqualTo(cancelled.get("fulfilmentDate").asString());
        assertThat(corrected.get("paymentTermDays").asInt()).isEqualTo(10);
        assertThat(corrected.get("requestId").asString()).isEqualTo(requestId);
        assertThat(corrected.get("subscriptionId").asString()).isEqualTo(subscription.toString());
        assertThat(corrected.get("total").asString()).isEqualTo("120.00");
        assertThat(corrected.get("lines").size()).isEqualTo(1);
        assertThat(corrected.get("openAmount").asString()).as("what was paid on the original pays the corrected one")
                .isEqualTo("80.00");

        List<ConsumerRecord<String, String>> events = kafka.await(r -> r.key().equals(customer.toString())
                && (ofType(EventCatalog.INVOICE_CANCELLED.type()).test(r) || (ofType(EventCatalog.INVOICE_ISSUED.type()).test(r)
                && payload(r).get("invoiceId").asString().equals(correctedId.toString()))), 2, Duration.ofSeconds(15));
        assertThat(events).as("InvoiceCancelled, then InvoiceIssued of the corrected invoice")
                .extracting(r -> ofType(EventCatalog.INVOICE_CANCELLED.type()).test(r) ? "cancelled" : "issued")
                .containsExactly("cancelled", "issued");
        JsonNode cancelledEvent = payload(events.get(0));
        assertThat(cancelledEvent.get("invoiceId").asString()).isEqualTo(original.toString());
        assertThat(cancelledEvent.path("requestId").isMissingNode() || cancelledEvent.get("requestId").isNull())
                .as("billing must not release the period: the corrected invoice bills it").isTrue();
        assertThat(cancelledEvent.path("subscriptionId").isMissingNode() || cancelledEvent.get("subscriptionId").isNull()).isTrue();
        assertThat(payload(events.get(1)).get("requestId").asString()).isEqualTo(requestId);

        resolved(UUID.randomUUID().toString(), outcome);
        assertThat(jdbc.sql("select count(*) from invoice where corrects_invoice_id = :id").param("id", original)
                .query(Long.class).single()).as("re-issued once").isEqualTo(1);
        assertThat(lastNumber("INV")).isEqualTo(invoicesBefore + 1);
    }

    @Test
    void anOutcomeForAnInvoicePaidMeanwhileGoesToTheDeadLetterTopicAndChangesNothing() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);
        pay(customer, invoice, "12175.00", "PAID");
        long invoicesBefore = lastNumber("INV");
        String credit = UUID.randomUUID().toString();
        String reissue = UUID.randomUUID().toString();

        kafka.send(Topics.DISPUTE, customer.toString(), credit, EventCatalog.DISPUTE_RESOLVED.type(),
                EventJson.write(creditAmount(UUID.randomUUID(), customer, invoice, "175")));
        kafka.send(Topics.DISPUTE, customer.toString(), reissue, EventCatalog.DISPUTE_RESOLVED.type(),
                EventJson.write(new DisputeResolved(UUID.randomUUID(), customer, invoice, "REISSUE", "TRY", null, "x",
                        Instant.now(), null, List.of(new RequestedLine("Kampanya", BigDecimal.ONE, BigDecimal.TEN,
                        BigDecimal.ZERO)), "collector", "accountant")));

        List<ConsumerRecord<String, String>> dead = kafka.await(r -> r.topic().equals(Topics.deadLetter(Topics.DISPUTE))
                && List.of(credit, reissue).contains(KafkaProbe.header(r, "ce_id")), 2, Duration.ofSeconds(30));
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(r -> assertThat(KafkaProbe.header(r, "x-exception-message")).contains("PAID"));
        assertThat(creditNotes(invoice)).isZero();
        JsonNode paid = invoice(invoice);
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("correctedByInvoiceId").isNull()).isTrue();
        assertThat(lastNumber("INV")).isEqualTo(invoicesBefore);
    }

    @Test
    void aCreditByAmountAboveWhatIsOpenNowCreditsWhatIsOpen() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);
        pay(customer, invoice, "12000.00", "PARTIALLY_PAID");

        resolved(UUID.randomUUID().toString(), creditAmount(UUID.randomUUID(), customer, invoice, "500"));

        await().atMost(Duration.ofSeconds(15)).until(() -> creditNotes(invoice) == 1);
        assertThat(jdbc.sql("select amount from credit_note where invoice_id = :id").param("id", invoice)
                .query(BigDecimal.class).single()).isEqualByComparingTo("175");
        assertThat(invoice(invoice).get("openAmount").asString()).isEqualTo("0.00");
    }

    @Test
    void aRejectedOutcomeLeavesTheInvoiceAsIssued() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);

        resolved(UUID.randomUUID().toString(), new DisputeResolved(UUID.randomUUID(), customer, invoice, "REJECTED", null, null,
                "Teslimat belgesi imzalı", Instant.now(), null, null, "collector", null));

        assertThat(creditNotes(invoice)).isZero();
        assertThat(invoice(invoice).get("status").asString()).isEqualTo("ISSUED");
        assertThat(invoice(invoice).get("openAmount").asString()).isEqualTo("12175.00");
    }

    @Test
    void theCreditNotePreviewAnswersAmountTaxAndOpenAmountAfterAndWritesNothing() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);
        long creditNumbers = lastNumber("CRN");
        ApiClient viewer = api.as(Role.VIEWER);

        ApiClient.Response byAmount = viewer.post("/api/invoices/" + invoice + "/credit-notes/preview", "{\"amount\":\"175\"}");
        assertThat(byAmount.status()).as(byAmount.body()).isEqualTo(200);
        assertThat(byAmount.json().get("amount").asString()).isEqualTo("175.00");
        assertThat(byAmount.json().get("openAmount").asString()).isEqualTo("12175.00");
        assertThat(byAmount.json().get("openAmountAfter").asString()).isEqualTo("12000.00");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode rate : byAmount.json().get("taxSummary")) {
            sum = sum.add(new BigDecimal(rate.get("taxableAmount").asString())).add(new BigDecimal(rate.get("taxAmount").asString()));
        }
        assertThat(sum).isEqualByComparingTo("175");

        ApiClient.Response byLines = viewer.post("/api/invoices/" + invoice + "/credit-notes/preview",
                "{\"lines\":[{\"line\":1,\"quantity\":\"100\"}]}");
        assertThat(byLines.status()).as(byLines.body()).isEqualTo(200);
        assertThat(byLines.json().get("amount").asString()).isEqualTo("275.00");
        assertThat(byLines.json().get("taxSummary").get(0).get("taxRate").asString()).isEqualTo("10");
        assertThat(byLines.json().get("taxSummary").get(0).get("taxableAmount").asString()).isEqualTo("250.00");
        assertThat(byLines.json().get("taxSummary").get(0).get("taxAmount").asString()).isEqualTo("25.00");

        ApiClient.Response tooMuch = viewer.post("/api/invoices/" + invoice + "/credit-notes/preview", "{\"amount\":\"20000\"}");
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tooMuch.json().get("field").asString()).isEqualTo("amount");
        ApiClient.Response both = viewer.post("/api/invoices/" + invoice + "/credit-notes/preview",
                "{\"amount\":\"1\",\"lines\":[{\"line\":0,\"quantity\":\"1\"}]}");
        assertThat(both.status()).isEqualTo(400);
        ApiClient.Response line = viewer.post("/api/invoices/" + invoice + "/credit-notes/preview",
                "{\"lines\":[{\"line\":1,\"quantity\":\"501\"}]}");
        assertThat(line.status()).isEqualTo(422);
        assertThat(line.json().get("field").asString()).isEqualTo("lines[0].quantity");
        assertThat(viewer.post("/api/invoices/" + UUID.randomUUID() + "/credit-notes/preview", "{\"amount\":\"1\"}").status())
                .isEqualTo(404);
        assertThat(viewer.post("/api/invoices/" + invoice + "/credit-notes", "{\"amount\":\"1\"}").status())
                .as("the real thing stays the accountant's").isEqualTo(403);

        assertThat(creditNotes(invoice)).isZero();
        assertThat(lastNumber("CRN")).isEqualTo(creditNumbers);
        assertThat(invoice(invoice).get("openAmount").asString()).isEqualTo("12175.00");
    }

    @Test
    void theReissuePreviewAnswersTheCorrectedInvoiceByTheIssuingRulesAndWritesNothing() {
        UUID customer = registeredCustomer();
        UUID invoice = issuedInvoice(customer);
        long invoiceNumbers = lastNumber("INV");
        long stornoNumbers = lastNumber("STR");
        ApiClient collector = api.as(Role.COLLECTOR);
        String lines = ApiClient.json(Map.of("lines", List.of(
                Map.of("description", "Kampanya yönetimi", "quantity", "1", "unitPrice", "9000", "taxRate", "20"),
                Map.of("description", "Basılı broşür", "quantity", "400", "unitPrice", "2.50", "taxRate", "10"))));

        ApiClient.Response preview = collector.post("/api/invoices/" + invoice + "/reissue-preview", lines);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode corrected = preview.json();
        assertThat(corrected.get("lines").size()).isEqualTo(2);
        assertThat(corrected.get("lines").get(1).get("netAmount").asString()).isEqualTo("1000.00");
        assertThat(corrected.get("lines").get(1).get("taxAmount").asString()).isEqualTo("100.00");
        assertThat(corrected.get("netTotal").asString()).isEqualTo("10000.00");
        assertThat(corrected.get("taxTotal").asString()).isEqualTo("1900.00");
        assertThat(corrected.get("total").asString()).isEqualTo("11900.00");
        assertThat(corrected.get("taxSummary").size()).isEqualTo(2);
        assertThat(corrected.get("originalTotal").asString()).isEqualTo("12175.00");

        ApiClient.Response badRate = collector.post("/api/invoices/" + invoice + "/reissue-preview", ApiClient.json(Map.of(
                "lines", List.of(Map.of("description", "x", "quantity", "1", "unitPrice", "1", "taxRate", "120")))));
        assertThat(badRate.status()).isEqualTo(400);
        assertThat(badRate.header("Content-Type")).startsWith("application/problem+json");
        assertThat(badRate.json().get("field").asString()).isEqualTo("lines[0].taxRate");
        ApiClient.Response none = collector.post("/api/invoices/" + invoice + "/reissue-preview", "{\"lines\":[]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("field").asString()).isEqualTo("lines");
        assertThat(collector.post("/api/invoices/" + UUID.randomUUID() + "/reissue-preview", lines).status()).isEqualTo(404);

        JsonNode unchanged = invoice(invoice);
        assertThat(unchanged.get("status").asString()).isEqualTo("ISSUED");
        assertThat(unchanged.get("correctedByInvoiceId").isNull()).isTrue();
        assertThat(lastNumber("INV")).isEqualTo(invoiceNumbers);
        assertThat(lastNumber("STR")).isEqualTo(stornoNumbers);

        pay(customer, invoice, "12175.00", "PAID");
        ApiClient.Response paid = collector.post("/api/invoices/" + invoice + "/reissue-preview", lines);
        assertThat(paid.status()).isEqualTo(409);
        assertThat(paid.json().get("field").asString()).isEqualTo("status");
    }
}
