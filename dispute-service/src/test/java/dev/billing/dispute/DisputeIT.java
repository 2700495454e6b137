package dev.billing.dispute;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.Role;
import dev.billing.events.billing.BillTo;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.TaxLine;
import dev.billing.events.notification.NotificationSent;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Disputes on real Kafka and PostgreSQL: invoices copied from invoice.events (as invoice-service publishes them),
 * delivery from notification.events, disputes opened from the portal and by staff, the thread, the SLA scan on the
 * test clock, four-eyes outcomes, withdrawal, and every refusal with nothing written and nothing published.
 */
@IntegrationTest
class DisputeIT {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0};
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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
        kafka = KafkaProbe.onEmbeddedBroker(Topics.DISPUTE);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    // ---- the other services' events, as they publish them

    private Instant now() {
        return Instant.parse(api.get("/api/test-clock").json().get("now").asString());
    }

    private LocalDate today() {
        return now().atZone(ISTANBUL).toLocalDate();
    }

    private void publish(String topic, UUID customer, String type, Record payload) {
        kafka.send(topic, customer.toString(), UUID.randomUUID().toString(), type, EventJson.write(payload));
    }

    /** An invoice of 1200.00 TRY (two lines: 2 x 250 + 1 x 500 net, 20 % tax), issued on {@code issueDate}, seen by the service. */
    private UUID issue(UUID customer, LocalDate issueDate) {
        UUID invoice = UUID.randomUUID();
        BigDecimal total = new BigDecimal("1200.00");
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_ISSUED.type(), new InvoiceIssued(invoice, "INV-2027-" + invoice.toString().substring(0, 6),
                customer, new BillTo("Yıldız Ajans", "muhasebe@yildiz.example", null, "tr", ISTANBUL.getId()), null, null,
                issueDate, issueDate, issueDate.plusDays(14), "TRY",
                List.of(new InvoiceLine("Kampanya tasarımı", new BigDecimal("2"), new BigDecimal("250.00"), new BigDecimal("20"),
                                new BigDecimal("500.00"), new BigDecimal("100.00"), new BigDecimal("600.00"), null),
                        new InvoiceLine("Baskı", BigDecimal.ONE, new BigDecimal("500.00"), new BigDecimal("20"),
                                new BigDecimal("500.00"), new BigDecimal("100.00"), new BigDecimal("600.00"), null)),
                List.of(new TaxLine(new BigDecimal("20"), new BigDecimal("1000.00"), new BigDecimal("200.00"))),
                new BigDecimal("1000.00"), new BigDecimal("200.00"), total, total, "/api/invoices/" + invoice + "/pdf"));
        awaitInvoice(invoice, "OPEN");
        return invoice;
    }

    private UUID issue(UUID customer) {
        return issue(customer, today().minusDays(1));
    }

    private JsonNode awaitInvoice(UUID invoice, String status) {
        ApiClient.Response response = Eventually.await(() -> api.get("/api/disputes/invoices/" + invoice),
                r -> r.status() == 200 && r.json().get("status").asString().equals(status), Duration.ofSeconds(20));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo(status);
        return response.json();
    }

    // ---- HTTP

    private ApiClient portal(UUID customer) {
        return api.withToken(TestTokens.customer(customer));
    }

    private record Part(String name, String fileName, String contentType, byte[] bytes) {
        static Part json(String name, String json) {
            return new Part(name, null, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        /** A form field as a browser's FormData sends a string: no content type of its own. */
        static Part field(String name, String json) {
            return new Part(name, null, null, json.getBytes(StandardCharsets.UTF_8));
        }

        static Part file(String fileName, String contentType, byte[] bytes) {
            return new Part("files", fileName, contentType, bytes);
        }
    }

    /** A multipart/form-data POST, as a browser's form sends it. */
    private ApiClient.Response multipart(String token, String path, Part... parts) {
        String boundary = "----dispute" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"")
                    + (part.contentType() == null ? "" : "\r\nContent-Type: " + part.contentType()) + "\r\n\r\n";
            body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.body(), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> download(String token, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String openBody(UUID invoice, String reason, String amount, String message) {
        return "{\"invoiceId\":\"" + invoice + "\",\"reason\":\"" + reason + "\"" + (amount == null ? "" : ",\"amount\":\"" + amount + "\"")
                + ",\"message\":" + ApiClient.json(message) + "}";
    }

    private JsonNode openByStaff(UUID invoice) {
        ApiClient.Response opened = api.as(Role.COLLECTOR).post("/api/disputes", openBody(invoice, "PRICE", null, "Customer called: price is wrong."));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json();
    }

    private List<ConsumerRecord<String, String>> events(String type, UUID dispute, int count, Duration wait) {
        return kafka.await(ofType(type).and(r -> r.value().contains(dispute.toString())), count, wait);
    }

    private JsonNode event(String type, UUID dispute) {
        List<ConsumerRecord<String, String>> found = events(type, dispute, 1, Duration.ofSeconds(15));
        assertThat(found).as(type + " of " + dispute).hasSize(1);
        return EventJson.mapper().readTree(found.get(0).value());
    }

    private static UUID id(JsonNode dispute) {
        return UUID.fromString(dispute.get("id").asString());
    }

    /** What is written about a customer: disputes, messages, files, and the events in the outbox. */
    private List<Long> written(UUID customer) {
        return List.of(
                jdbc.sql("select count(*) from dispute where customer_id = ?").param(customer).query(Long.class).single(),
                jdbc.sql("select count(*) from dispute_message m join dispute d on d.id = m.dispute_id where d.customer_id = ?")
                        .param(customer).query(Long.class).single(),
                jdbc.sql("select count(*) from dispute_attachment a join dispute d on d.id = a.dispute_id where d.customer_id = ?")
                        .param(customer).query(Long.class).single(),
                jdbc.sql("select count(*) from outbox_event where message_key = ?").param(customer.toString()).query(Long.class).single());
    }

    private static void refused(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
    }

    // ---- opening

    @Test
    void aCustomerOpensADisputeOnPartOfTheirInvoiceFromThePortalWithAPhotoAndItIsPublished() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer);

        ApiClient.Response opened = multipart(TestTokens.customer(customer), "/api/portal/disputes",
                Part.json("dispute", openBody(invoice, "DAMAGED", "300.00", "The prints arrived torn, photo attached.")),
                Part.file("torn.png", "image/png", PNG));

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode dispute = opened.json();
        assertThat(dispute.get("number").asString()).matches("DSP-\\d{6}");
        assertThat(dispute.get("status").asString()).isEqualTo("OPEN");
        assertThat(dispute.get("openedBy").asString()).isEqualTo("CUSTOMER");
        assertThat(dispute.get("customerName").asString()).isEqualTo("Yıldız Ajans");
        assertThat(dispute.get("disputedAmount").asString()).isEqualTo("300.00");
        assertThat(dispute.get("invoiceTotal").asString()).isEqualTo("1200.00");
        assertThat(dispute.get("invoiceOpenAmount").asString()).isEqualTo("1200.00");
        assertThat(dispute.get("lines").isNull()).isTrue();
        assertThat(dispute.get("assignee").isNull()).isTrue();
        assertThat(dispute.get("lateObjection").asBoolean()).isFalse();
        assertThat(dispute.get("responseOverdue").asBoolean()).isFalse();
        JsonNode message = dispute.get("messages").get(0);
        assertThat(message.get("side").asString()).isEqualTo("CUSTOMER");
        assertThat(message.get("author").asString()).isEqualTo("Yıldız Ajans");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("fileName").asString()).isEqualTo("torn.png");
        assertThat(attachment.get("contentType").asString()).isEqualTo("image/png");
        assertThat(attachment.get("size").asLong()).isEqualTo(PNG.length);

        JsonNode event = event(EventCatalog.DISPUTE_OPENED.type(), id(dispute));
        assertThat(event.get("invoiceId").asString()).isEqualTo(invoice.toString());
        assertThat(event.get("reason").asString()).isEqualTo("DAMAGED");
        assertThat(event.get("disputedAmount").asString()).isEqualTo("300.00");
        assertThat(event.get("currency").asString()).isEqualTo("TRY");
        assertThat(event.get("openedBy").asString()).isEqualTo("CUSTOMER");
        assertThat(event.get("lateObjection").asBoolean()).isFalse();
        assertThat(event.get("respondBy").asString()).isEqualTo(dispute.get("respondBy").asString());
        assertThat(event.get("objectionDeadline").asString()).isEqualTo(dispute.get("objectionDeadline").asString());
        assertThat(event.get("description").asString()).isEqualTo("The prints arrived torn, photo attached.");
        assertThat(events(EventCatalog.DISPUTE_MESSAGE_POSTED.type(), id(dispute), 1, Duration.ofSeconds(2)))
                .as("the opening message travels in DisputeOpened").isEmpty();

        String file = "/attachments/" + attachment.get("id").asString();
        HttpResponse<byte[]> bytes = download(TestTokens.customer(customer), "/api/portal/disputes/" + id(dispute) + file);
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(PNG);
        assertThat(bytes.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        assertThat(bytes.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("torn.png");
        assertThat(download(TestTokens.of(Role.VIEWER), "/api/disputes/" + id(dispute) + file).body()).isEqualTo(PNG);
    }

    @Test
    void staffOpenADisputeForLinesOrForTheWholeOpenAmountWhenNoneIsNamed() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer);
        ApiClient.Response opened = api.as(Role.COLLECTOR).post("/api/disputes", "{\"invoiceId\":\"" + invoice
                + "\",\"reason\":\"QUANTITY\",\"lines\":[{\"line\":0,\"quantity\":\"1\"}],\"message\":\"Only one design was delivered.\"}");

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode dispute = opened.json();
        assertThat(dispute.get("openedBy").asString()).isEqualTo("STAFF");
        assertThat(dispute.get("disputedAmount").isNull()).isTrue();
        assertThat(dispute.get("lines").get(0).get("line").asInt()).isZero();
        assertThat(dispute.get("lines").get(0).get("quantity").asString()).isEqualTo("1");
        assertThat(dispute.get("lines").get(0).get("description").asString()).isEqualTo("Kampanya tasarımı");
        assertThat(dispute.get("messages").get(0).get("side").asString()).isEqualTo("STAFF");
        JsonNode event = event(EventCatalog.DISPUTE_OPENED.type(), id(dispute));
        assertThat(event.get("openedBy").asString()).isEqualTo("STAFF");
        assertThat(event.get("lines").get(0).get("quantity").asString()).isEqualTo("1");

        UUID other = issue(customer);
        JsonNode whole = openByStaff(other);
        assertThat(whole.get("disputedAmount").asString()).isEqualTo("1200.00");
        JsonNode list = api.as(Role.VIEWER).get("/api/disputes?customerId=" + customer).json();
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("items").get(0).has("messages")).as("lists carry no threads").isFalse();
        assertThat(api.as(Role.VIEWER).get("/api/disputes?customerId=" + customer + "&reason=PRICE").json().get("total").asLong()).isEqualTo(1);
        refused(api.get("/api/disputes?view=everything"), 400, "view");
        refused(api.get("/api/disputes?status=CLOSED"), 400, "status");
    }

    // ---- refusals

    @Test
    void everyRefusedOpeningNamesItsFieldAndWritesAndPublishesNothing() {
        UUID customer = UUID.randomUUID();
        ApiClient customerApi = portal(customer);
        String token = TestTokens.customer(customer);
        UUID invoice = issue(customer);
        UUID paid = issue(customer);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(paid, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
        UUID cancelled = issue(customer);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_CANCELLED.type(), new InvoiceCancelled(cancelled, "INV", customer, "STR-1",
                "TRY", new BigDecimal("1200.00"), "wrong customer", now(), null, null, null));
        UUID partlyPaid = issue(customer);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PARTIALLY_PAID.type(), new InvoicePartiallyPaid(partlyPaid, "INV", customer,
                UUID.randomUUID(), "PAYMENT", "TRY", new BigDecimal("1000.00"), new BigDecimal("200.00")));
        awaitInvoice(paid, "PAID");
        awaitInvoice(cancelled, "CANCELLED");
        Eventually.await(() -> api.get("/api/disputes/invoices/" + partlyPaid).json(), j -> j.get("openAmount").asString().equals("200.00"),
                Duration.ofSeconds(15));
        List<Long> before = written(customer);

        refused(customerApi.post("/api/portal/disputes", openBody(invoice, "AMOUNT", "1200.01", "Too much")), 422, "amount");
        refused(customerApi.post("/api/portal/disputes", openBody(partlyPaid, "AMOUNT", "200.01", "Too much")), 422, "amount");
        refused(customerApi.post("/api/portal/disputes", openBody(paid, "AMOUNT", null, "Paid already")), 409, "invoiceId");
        refused(customerApi.post("/api/portal/disputes", openBody(cancelled, "AMOUNT", null, "Cancelled")), 409, "invoiceId");
        refused(customerApi.post("/api/portal/disputes", openBody(UUID.randomUUID(), "AMOUNT", null, "Unknown")), 404, "invoiceId");
        refused(customerApi.post("/api/portal/disputes", openBody(invoice, "AMOUNT", null, "   ")), 400, "message");
        refused(customerApi.post("/api/portal/disputes", openBody(invoice, "BECAUSE", null, "Why")), 400, "reason");
        refused(customerApi.post("/api/portal/disputes", "{\"invoiceId\":\"" + invoice
                + "\",\"reason\":\"QUANTITY\",\"lines\":[{\"line\":1,\"quantity\":\"2\"}],\"message\":\"x\"}"), 422, "lines[0].quantity");
        refused(multipart(token, "/api/portal/disputes", Part.json("dispute", openBody(invoice, "DAMAGED", null, "see file")),
                Part.file("invoice.pdf", "application/pdf", EXE)), 400, "files");
        Part[] six = new Part[7];
        six[0] = Part.json("dispute", openBody(invoice, "DAMAGED", null, "six files"));
        for (int i = 1; i <= 6; i++) {
            six[i] = Part.file("p" + i + ".pdf", "application/pdf", PDF);
        }
        refused(multipart(token, "/api/portal/disputes", six), 400, "files");
        byte[] tooLarge = Arrays.copyOf(PDF, 10 * 1024 * 1024 + 1);
        refused(multipart(token, "/api/portal/disputes", Part.json("dispute", openBody(invoice, "DAMAGED", null, "big")),
                Part.file("big.pdf", "application/pdf", tooLarge)), 413, "files");
        refused(multipart(token, "/api/portal/disputes", Part.file("a.pdf", "application/pdf", PDF)), 400, "dispute");

        assertThat(written(customer)).as("disputes, messages, files, outbox events").isEqualTo(before);

        JsonNode first = openByStaff(invoice);
        List<Long> withOne = written(customer);
        refused(customerApi.post("/api/portal/disputes", openBody(invoice, "OTHER", null, "again")), 409, "invoiceId");
        refused(customerApi.post("/api/portal/disputes/" + id(first) + "/messages", "{\"body\":" + ApiClient.json("x".repeat(10_001)) + "}"),
                400, "body");
        refused(api.as(Role.COLLECTOR).post("/api/disputes/" + id(first) + "/messages", "{\"body\":\"\"}"), 400, "body");
        refused(multipart(token, "/api/portal/disputes/" + id(first) + "/messages", Part.json("message", "{\"body\":\"see\"}"),
                Part.file("setup.pdf", "application/pdf", EXE)), 400, "files");
        assertThat(written(customer)).isEqualTo(withOne);
        assertThat(events(EventCatalog.DISPUTE_OPENED.type(), id(first), 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void aResolvedOrWithdrawnDisputeRefusesEveryActWith409NamingStatus() {
        UUID customer = UUID.randomUUID();
        JsonNode rejected = openByStaff(issue(customer));
        assertThat(api.as(Role.COLLECTOR).post("/api/disputes/" + id(rejected) + "/proposal",
                "{\"outcome\":\"REJECTED\",\"resolution\":\"The price is the one agreed in the contract.\"}").status()).isEqualTo(200);
        JsonNode withdrawn = openByStaff(issue(customer));
        assertThat(portal(customer).post("/api/portal/disputes/" + id(withdrawn) + "/withdraw", "{}").status()).isEqualTo(200);
        List<Long> before = written(customer);

        for (JsonNode ended : List.of(rejected, withdrawn)) {
            String path = "/api/disputes/" + id(ended);
            refused(api.as(Role.COLLECTOR).post(path + "/messages", "{\"body\":\"one more thing\"}"), 409, "status");
            refused(api.as(Role.COLLECTOR).post(path + "/assign", "{\"assignee\":\"ayse\"}"), 409, "status");
            refused(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"REJECTED\",\"resolution\":\"no\"}"), 409, "status");
            refused(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}"), 409, "status");
            refused(portal(customer).post("/api/portal/disputes/" + id(ended) + "/messages", "{\"body\":\"hello?\"}"), 409, "status");
            refused(portal(customer).post("/api/portal/disputes/" + id(ended) + "/withdraw", "{}"), 409, "status");
        }
        assertThat(written(customer)).isEqualTo(before);
    }

    // ---- the thread

    @Test
    void internalNotesStayInsideScriptIsKeptAsTextAndACopyOfTheInvoiceCanBeAskedFor() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer);
        ApiClient.Response opened = portal(customer).post("/api/portal/disputes", openBody(invoice, "PRICE", "100.00",
                "<script>alert('x')</script> the price is wrong"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID dispute = id(opened.json());
        String staffPath = "/api/disputes/" + dispute;

        ApiClient.Response note = multipart(TestTokens.of(Role.COLLECTOR), staffPath + "/messages",
                Part.field("message", "{\"body\":\"Check the contract first.\",\"internal\":true}"), Part.file("contract.pdf", "application/pdf", PDF));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        ApiClient.Response asked = portal(customer).post("/api/portal/disputes/" + dispute + "/messages",
                "{\"body\":\"Please send me the invoice again.\",\"requestInvoiceCopy\":true}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);

        JsonNode staffView = api.as(Role.VIEWER).get(staffPath).json();
        assertThat(staffView.get("messages")).hasSize(3);
        assertThat(staffView.get("messages").get(1).get("internal").asBoolean()).isTrue();
        assertThat(staffView.get("status").asString()).as("an internal note is no response").isEqualTo("OPEN");
        assertThat(staffView.get("firstResponseAt").isNull()).isTrue();
        String internalFile = staffView.get("messages").get(1).get("attachments").get(0).get("id").asString();
        ApiClient.Response portalGet = portal(customer).get("/api/portal/disputes/" + dispute);
        JsonNode portalView = portalGet.json();
        assertThat(portalView.get("messages")).hasSize(2);
        assertThat(portalGet.body()).doesNotContain("Check the contract first.").doesNotContain("contract.pdf");
        assertThat(portalGet.header("Content-Type")).startsWith("application/json");
        assertThat(portalView.get("messages").get(0).get("body").asString()).isEqualTo("<script>alert('x')</script> the price is wrong");
        assertThat(portalView.get("messages").get(1).get("invoiceCopyRequested").asBoolean()).isTrue();
        assertThat(download(TestTokens.customer(customer), "/api/portal/disputes/" + dispute + "/attachments/" + internalFile).statusCode())
                .isEqualTo(404);

        JsonNode posted = event(EventCatalog.DISPUTE_MESSAGE_POSTED.type(), dispute);
        assertThat(posted.get("side").asString()).isEqualTo("CUSTOMER");
        assertThat(posted.get("invoiceCopyRequested").asBoolean()).isTrue();
        assertThat(posted.get("invoiceId").asString()).isEqualTo(invoice.toString());
        assertThat(kafka.drain(Duration.ofSeconds(1)).stream().filter(r -> r.value().contains(dispute.toString())))
                .noneMatch(r -> r.value().contains("Check the contract first."));
    }

    // ---- assignment, first response, SLA

    @Test
    void assignmentAndTheFirstReplyPutADisputeUnderReviewAndAnUnansweredOneIsReportedOverdueOnce() {
        UUID customer = UUID.randomUUID();
        JsonNode answered = openByStaff(issue(customer));
        JsonNode unanswered = openByStaff(issue(customer));

        JsonNode assigned = api.as(Role.COLLECTOR).post("/api/disputes/" + id(unanswered) + "/assign", "{\"assignee\":\"ayse\"}").json();
        assertThat(assigned.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(assigned.get("assignee").asString()).isEqualTo("ayse");
        assertThat(api.as(Role.VIEWER).get("/api/disputes?assignee=ayse&customerId=" + customer).json().get("total").asLong()).isEqualTo(1);
        JsonNode unassigned = api.as(Role.VIEWER).get("/api/disputes?view=unassigned&customerId=" + customer).json();
        assertThat(unassigned.get("items").get(0).get("id").asString()).isEqualTo(id(answered).toString());
        ApiClient.Response reply = multipart(TestTokens.of(Role.COLLECTOR), "/api/disputes/" + id(answered) + "/messages",
                Part.json("message", "{\"body\":\"We are checking the price list.\"}"), Part.file("pricelist.pdf", "application/pdf", PDF));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(reply.json().get("firstResponseAt").isNull()).isFalse();
        JsonNode posted = event(EventCatalog.DISPUTE_MESSAGE_POSTED.type(), id(answered));
        assertThat(posted.get("side").asString()).isEqualTo("STAFF");
        assertThat(posted.get("attachments").get(0).asString()).isEqualTo("pricelist.pdf");
        assertThat(api.as(Role.VIEWER).get("/api/disputes?view=sla-due&customerId=" + customer).json().get("total").asLong())
                .as("neither is due within a day: one is answered, the other two business days away").isZero();

        Instant respondBy = Instant.parse(unanswered.get("respondBy").asString());
        assertThat(api.put("/api/test-clock", "{\"now\":\"" + respondBy.plusSeconds(60) + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/test-clock", "{\"now\":\"" + respondBy.plusSeconds(3600) + "\"}").status()).isEqualTo(200);

        List<ConsumerRecord<String, String>> overdue = events(EventCatalog.DISPUTE_RESPONSE_OVERDUE.type(), id(unanswered), 2,
                Duration.ofSeconds(5));
        assertThat(overdue).as("once, however often the scan runs").hasSize(1);
        JsonNode event = EventJson.mapper().readTree(overdue.get(0).value());
        assertThat(event.get("assignee").asString()).isEqualTo("ayse");
        assertThat(Instant.parse(event.get("respondBy").asString())).isEqualTo(respondBy);
        assertThat(events(EventCatalog.DISPUTE_RESPONSE_OVERDUE.type(), id(answered), 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(api.get("/api/disputes/" + id(unanswered)).json().get("responseOverdue").asBoolean()).isTrue();
        assertThat(api.get("/api/disputes/" + id(answered)).json().get("responseOverdue").asBoolean()).isFalse();
        JsonNode slaDue = api.as(Role.VIEWER).get("/api/disputes?view=sla-due&customerId=" + customer).json();
        assertThat(slaDue.get("total").asLong()).isEqualTo(1);
        assertThat(slaDue.get("items").get(0).get("id").asString()).isEqualTo(id(unanswered).toString());

        assertThat(portal(customer).post("/api/portal/disputes/" + id(unanswered) + "/withdraw", "{}").status()).isEqualTo(200);
        assertThat(api.get("/api/disputes/" + id(unanswered)).json().get("responseOverdue").asBoolean())
                .as("withdrawn unanswered: its timer stopped, nobody can answer it any more").isFalse();
        assertThat(api.as(Role.VIEWER).get("/api/disputes?view=sla-due&customerId=" + customer).json().get("total").asLong()).isZero();
    }

    // ---- outcomes

    @Test
    void aCreditNoteIsRefusedToItsOwnProposerAndPublishedWhenAnotherAccountantApprovesIt() {
        UUID customer = UUID.randomUUID();
        JsonNode dispute = openByStaff(issue(customer));
        String path = "/api/disputes/" + id(dispute);
        ApiClient.Response proposed = api.as(Role.ACCOUNTANT).post(path + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"lines\":[{\"line\":0,\"quantity\":\"1\"}],\"resolution\":\"One design is credited.\"}");
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        assertThat(proposed.json().get("proposal").get("outcome").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(proposed.json().get("proposal").get("proposedBy").asString()).isEqualTo("test-[ACCOUNTANT]");
        assertThat(proposed.json().get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(portal(customer).get("/api/portal/disputes/" + id(dispute)).json().get("proposal").isNull())
                .as("a proposal is staff's until approved").isTrue();
        List<Long> before = written(customer);

        refused(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}"), 403, "approvedBy");
        assertThat(api.as(Role.COLLECTOR).post(path + "/proposal/approve", "{}").status()).isEqualTo(403);
        refused(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"REJECTED\",\"resolution\":\"no\"}"), 409, "proposal");
        assertThat(written(customer)).isEqualTo(before);
        assertThat(events(EventCatalog.DISPUTE_RESOLVED.type(), id(dispute), 1, Duration.ofSeconds(2))).isEmpty();

        // another accountant: a token with another subject (TestTokens names the subject after the roles)
        ApiClient.Response approved = api.as(Role.ACCOUNTANT, Role.VIEWER).post(path + "/proposal/approve", "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(approved.json().get("outcome").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(approved.json().get("approvedBy").asString()).isEqualTo("test-[ACCOUNTANT, VIEWER]");
        JsonNode resolved = event(EventCatalog.DISPUTE_RESOLVED.type(), id(dispute));
        assertThat(resolved.get("outcome").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(resolved.get("creditLines").get(0).get("line").asInt()).isZero();
        assertThat(resolved.get("creditLines").get(0).get("quantity").asString()).isEqualTo("1");
        assertThat(resolved.get("proposedBy").asString()).isEqualTo("test-[ACCOUNTANT]");
        assertThat(resolved.get("approvedBy").asString()).isEqualTo("test-[ACCOUNTANT, VIEWER]");
        assertThat(resolved.get("resolution").asString()).isEqualTo("One design is credited.");
        assertThat(resolved.get("currency").asString()).isEqualTo("TRY");
    }

    @Test
    void aReissueCarriesTheCorrectedLinesAndADeclinedProposalIsDroppedWithANote() {
        UUID customer = UUID.randomUUID();
        JsonNode dispute = openByStaff(issue(customer));
        String path = "/api/disputes/" + id(dispute);
        assertThat(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"100.00\",\"resolution\":\"x\"}")
                .status()).isEqualTo(200);
        refused(api.as(Role.ACCOUNTANT).post(path + "/proposal/decline", "{}"), 400, "reason");
        JsonNode declined = api.as(Role.ACCOUNTANT).post(path + "/proposal/decline", "{\"reason\":\"The amount is not agreed.\"}").json();
        assertThat(declined.get("proposal").isNull()).isTrue();
        assertThat(declined.get("messages").get(1).get("internal").asBoolean()).isTrue();
        refused(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"1500.00\",\"resolution\":\"x\"}"),
                422, "amount");
        refused(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"REISSUE\",\"resolution\":\"x\"}"), 400, "correctedLines");

        assertThat(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"REISSUE\",\"correctedLines\":[{\"description\":"
                + "\"Kampanya tasarımı\",\"quantity\":\"2\",\"unitPrice\":\"200.00\",\"taxRate\":\"20\"}],\"resolution\":\"Re-issued at the agreed price.\"}")
                .status()).isEqualTo(200);
        assertThat(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}").status()).isEqualTo(200);

        JsonNode resolved = event(EventCatalog.DISPUTE_RESOLVED.type(), id(dispute));
        assertThat(resolved.get("outcome").asString()).isEqualTo("REISSUE");
        assertThat(resolved.get("correctedLines").get(0).get("unitPrice").asString()).isEqualTo("200.00");
        assertThat(resolved.get("proposedBy").asString()).isEqualTo("test-[COLLECTOR]");
        assertThat(resolved.get("approvedBy").asString()).isEqualTo("test-[ACCOUNTANT]");
    }

    @Test
    void anApprovalIsCheckedAgainstTheInvoiceAsItIsWhenApproved() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer);
        JsonNode dispute = openByStaff(invoice);
        String path = "/api/disputes/" + id(dispute);
        assertThat(api.as(Role.COLLECTOR).post(path + "/proposal", "{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"500.00\",\"resolution\":\"x\"}")
                .status()).isEqualTo(200);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PARTIALLY_PAID.type(), new InvoicePartiallyPaid(invoice, "INV", customer,
                UUID.randomUUID(), "PAYMENT", "TRY", new BigDecimal("800.00"), new BigDecimal("400.00")));
        Eventually.await(() -> api.get("/api/disputes/invoices/" + invoice).json(), j -> j.get("openAmount").asString().equals("400.00"),
                Duration.ofSeconds(15));
        List<Long> before = written(customer);

        refused(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}"), 422, "amount");
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_CANCELLED.type(), new InvoiceCancelled(invoice, "INV", customer, "STR-2",
                "TRY", new BigDecimal("1200.00"), "re-issued by hand", now(), null, null, null));
        awaitInvoice(invoice, "CANCELLED");
        refused(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}"), 409, "invoiceId");

        assertThat(written(customer)).isEqualTo(before);
        assertThat(api.get(path).json().get("status").asString()).isEqualTo("UNDER_REVIEW");
    }

    @Test
    void aCreditNoteOrReissueIsRefusedWhenProposedOrApprovedOnAnInvoicePaidMeanwhile() {
        UUID customer = UUID.randomUUID();
        UUID pending = issue(customer);
        JsonNode approvedLate = openByStaff(pending);
        String approvedLatePath = "/api/disputes/" + id(approvedLate);
        assertThat(api.as(Role.COLLECTOR).post(approvedLatePath + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"100.00\",\"resolution\":\"x\"}").status()).isEqualTo(200);
        UUID paid = issue(customer);
        JsonNode proposedLate = openByStaff(paid);
        String proposedLatePath = "/api/disputes/" + id(proposedLate);
        for (UUID invoice : List.of(pending, paid)) {
            publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                    InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
            awaitInvoice(invoice, "PAID");
        }
        List<Long> before = written(customer);

        refused(api.as(Role.ACCOUNTANT).post(approvedLatePath + "/proposal/approve", "{}"), 409, "invoiceId");
        refused(api.as(Role.COLLECTOR).post(proposedLatePath + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"100.00\",\"resolution\":\"x\"}"), 409, "invoiceId");
        refused(api.as(Role.COLLECTOR).post(proposedLatePath + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"lines\":[{\"line\":1}],\"resolution\":\"x\"}"), 409, "invoiceId");
        refused(api.as(Role.COLLECTOR).post(proposedLatePath + "/proposal", "{\"outcome\":\"REISSUE\",\"correctedLines\":[{\"description\":"
                + "\"Baskı\",\"quantity\":\"1\",\"unitPrice\":\"400.00\",\"taxRate\":\"20\"}],\"resolution\":\"x\"}"), 409, "invoiceId");

        assertThat(written(customer)).isEqualTo(before);
        JsonNode stillPending = api.get(approvedLatePath).json();
        assertThat(stillPending.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(stillPending.get("proposal").get("outcome").asString()).as("left for staff to decline").isEqualTo("CREDIT_NOTE");
        JsonNode notProposed = api.get(proposedLatePath).json();
        assertThat(notProposed.get("status").asString()).isEqualTo("OPEN");
        assertThat(notProposed.get("proposal").isNull()).isTrue();
        assertThat(events(EventCatalog.DISPUTE_RESOLVED.type(), id(approvedLate), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(events(EventCatalog.DISPUTE_RESOLVED.type(), id(proposedLate), 1, Duration.ofSeconds(1))).isEmpty();

        assertThat(api.as(Role.COLLECTOR).post(proposedLatePath + "/proposal",
                "{\"outcome\":\"REJECTED\",\"resolution\":\"Paid meanwhile; nothing to credit.\"}").status())
                .as("a rejection changes no money: still possible").isEqualTo(200);
    }

    @Test
    void aCreditByLinesIsRefusedWhenTheLinesGrossIsMoreThanWhatIsOpenWhenProposedAndWhenApproved() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer);
        JsonNode dispute = openByStaff(invoice);
        String path = "/api/disputes/" + id(dispute);
        ApiClient.Response whole = api.as(Role.COLLECTOR).post(path + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"lines\":[{\"line\":1}],\"resolution\":\"The printing is credited.\"}");
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.json().get("proposal").get("lines").get(0).get("quantity").asString())
                .as("a line without a quantity is the whole line").isEqualTo("1");
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PARTIALLY_PAID.type(), new InvoicePartiallyPaid(invoice, "INV", customer,
                UUID.randomUUID(), "PAYMENT", "TRY", new BigDecimal("800.00"), new BigDecimal("400.00")));
        Eventually.await(() -> api.get("/api/disputes/invoices/" + invoice).json(), j -> j.get("openAmount").asString().equals("400.00"),
                Duration.ofSeconds(15));
        List<Long> before = written(customer);

        refused(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}"), 422, "lines");
        assertThat(written(customer)).isEqualTo(before);
        assertThat(api.get(path).json().get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(events(EventCatalog.DISPUTE_RESOLVED.type(), id(dispute), 1, Duration.ofSeconds(2))).isEmpty();

        assertThat(api.as(Role.ACCOUNTANT).post(path + "/proposal/decline", "{\"reason\":\"Paid in part meanwhile.\"}").status())
                .isEqualTo(200);
        List<Long> declined = written(customer);
        refused(api.as(Role.COLLECTOR).post(path + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"lines\":[{\"line\":0,\"quantity\":\"2\"}],\"resolution\":\"x\"}"), 422, "lines");
        assertThat(written(customer)).isEqualTo(declined);
        assertThat(api.get(path).json().get("proposal").isNull()).isTrue();
        assertThat(api.as(Role.COLLECTOR).post(path + "/proposal",
                "{\"outcome\":\"CREDIT_NOTE\",\"lines\":[{\"line\":0,\"quantity\":\"1\"}],\"resolution\":\"One design.\"}").status())
                .as("300.00 gross of 400.00 open").isEqualTo(200);
        assertThat(api.as(Role.ACCOUNTANT).post(path + "/proposal/approve", "{}").status()).isEqualTo(200);
        assertThat(event(EventCatalog.DISPUTE_RESOLVED.type(), id(dispute)).get("creditLines").get(0).get("quantity").asString())
                .isEqualTo("1");
    }

    @Test
    void aRejectionResolvesAtOnceAndTheCustomerSeesTheReasons() {
        UUID customer = UUID.randomUUID();
        JsonNode dispute = openByStaff(issue(customer));
        ApiClient.Response rejected = api.as(Role.COLLECTOR).post("/api/disputes/" + id(dispute) + "/proposal",
                "{\"outcome\":\"REJECTED\",\"resolution\":\"The price is the one agreed in the contract.\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        JsonNode resolved = event(EventCatalog.DISPUTE_RESOLVED.type(), id(dispute));
        assertThat(resolved.get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(resolved.get("proposedBy").asString()).isEqualTo("test-[COLLECTOR]");
        assertThat(resolved.has("approvedBy") && !resolved.get("approvedBy").isNull()).isFalse();
        JsonNode portalView = portal(customer).get("/api/portal/disputes/" + id(dispute)).json();
        assertThat(portalView.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(portalView.get("resolution").asString()).isEqualTo("The price is the one agreed in the contract.");

        JsonNode summary = api.as(Role.VIEWER).get("/api/disputes/summary").json();
        assertThat(summary.get("byOutcome").get("REJECTED").asLong()).isPositive();
        assertThat(summary.get("byReason").get("PRICE").asLong()).isPositive();
        assertThat(summary.has("averageHoursToResolution")).isTrue();
        String metrics = new ApiClient("http://localhost:" + managementPort).anonymous().get("/actuator/prometheus").body();
        assertThat(metrics).contains("disputes_opened_total{", "reason=\"PRICE\"", "disputes_resolved_total{", "outcome=\"REJECTED\"",
                "disputes_open ", "disputes_oldest_open_age_seconds", "disputes_resolution_seconds_count");
    }

    @Test
    void theCustomerWithdrawsTheirDispute() {
        UUID customer = UUID.randomUUID();
        JsonNode dispute = openByStaff(issue(customer));

        ApiClient.Response withdrawn = portal(customer).post("/api/portal/disputes/" + id(dispute) + "/withdraw",
                "{\"reason\":\"We found the delivery note.\"}");

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("status").asString()).isEqualTo("WITHDRAWN");
        JsonNode event = event(EventCatalog.DISPUTE_WITHDRAWN.type(), id(dispute));
        assertThat(event.get("reason").asString()).isEqualTo("We found the delivery note.");
        assertThat(event.get("invoiceId").asString()).isEqualTo(dispute.get("invoiceId").asString());
        assertThat(openByStaff(UUID.fromString(dispute.get("invoiceId").asString())).get("status").asString())
                .as("a withdrawn dispute leaves room for a new one").isEqualTo("OPEN");
    }

    // ---- the 8-day window

    @Test
    void theObjectionWindowRunsFromTheInvoiceEmailsDeliveryElseFromTheIssueDate() {
        UUID customer = UUID.randomUUID();
        LocalDate issued = today().minusDays(20);
        UUID delivered = issue(customer, issued);
        UUID notDelivered = issue(customer, issued);
        Instant deliveredAt = now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        publish(Topics.NOTIFICATION, customer, EventCatalog.NOTIFICATION_SENT.type(), new NotificationSent(UUID.randomUUID(), customer,
                "SMS", "invoice-issued", "+90", null, null, now().minus(Duration.ofDays(19)), notDelivered));
        publish(Topics.NOTIFICATION, customer, EventCatalog.NOTIFICATION_SENT.type(), new NotificationSent(UUID.randomUUID(), customer,
                "EMAIL", "reminder-friendly", "a@b", null, null, now().minus(Duration.ofDays(19)), notDelivered));
        publish(Topics.NOTIFICATION, customer, EventCatalog.NOTIFICATION_SENT.type(), new NotificationSent(UUID.randomUUID(), customer,
                "EMAIL", "invoice-issued", "muhasebe@yildiz.example", "Fatura", null, deliveredAt, delivered));
        JsonNode invoiceView = Eventually.await(() -> api.get("/api/disputes/invoices/" + delivered).json(),
                j -> !j.get("deliveredAt").isNull(), Duration.ofSeconds(15));
        LocalDate deliveryDay = deliveredAt.atZone(ISTANBUL).toLocalDate();
        Instant deadline = deliveryDay.plusDays(9).atStartOfDay(ISTANBUL).toInstant().minusSeconds(1);
        assertThat(Instant.parse(invoiceView.get("objectionDeadline").asString())).isEqualTo(deadline);
        assertThat(invoiceView.get("withinObjectionWindow").asBoolean()).isTrue();
        // the wrong channel and template were sent first: had they counted, this invoice would be delivered too
        JsonNode other = portal(customer).get("/api/portal/disputes/invoices/" + notDelivered).json();
        assertThat(other.get("deliveredAt").isNull()).isTrue();
        assertThat(other.get("withinObjectionWindow").asBoolean()).isFalse();

        JsonNode inTime = portal(customer).post("/api/portal/disputes", openBody(delivered, "TERMS", null, "Not what we agreed")).json();
        JsonNode late = portal(customer).post("/api/portal/disputes", openBody(notDelivered, "TERMS", null, "Not what we agreed")).json();

        assertThat(inTime.get("lateObjection").asBoolean()).isFalse();
        assertThat(Instant.parse(inTime.get("deliveredAt").asString())).isEqualTo(deliveredAt);
        assertThat(Instant.parse(inTime.get("objectionDeadline").asString())).isEqualTo(deadline);
        assertThat(late.get("status").asString()).as("a late objection is still accepted").isEqualTo("OPEN");
        assertThat(late.get("lateObjection").asBoolean()).isTrue();
        assertThat(Instant.parse(late.get("objectionDeadline").asString()))
                .isEqualTo(issued.plusDays(9).atStartOfDay(ISTANBUL).toInstant().minusSeconds(1));
        assertThat(event(EventCatalog.DISPUTE_OPENED.type(), id(late)).get("lateObjection").asBoolean()).isTrue();
    }

    // ---- one customer's portal never sees another's

    @Test
    void aCustomerTokenCannotReadOrPostToAnotherCustomersDispute() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID invoice = issue(owner);
        ApiClient.Response opened = multipart(TestTokens.customer(owner), "/api/portal/disputes",
                Part.json("dispute", openBody(invoice, "NOT_RECEIVED", null, "Nothing arrived")), Part.file("note.pdf", "application/pdf", PDF));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID dispute = id(opened.json());
        String file = opened.json().get("messages").get(0).get("attachments").get(0).get("id").asString();
        List<Long> before = written(owner);
        ApiClient other = portal(stranger);

        assertThat(other.get("/api/portal/disputes/" + dispute).status()).isEqualTo(404);
        assertThat(other.post("/api/portal/disputes/" + dispute + "/messages", "{\"body\":\"I am someone else\"}").status()).isEqualTo(404);
        assertThat(multipart(TestTokens.customer(stranger), "/api/portal/disputes/" + dispute + "/messages",
                Part.json("message", "{\"body\":\"x\"}"), Part.file("a.pdf", "application/pdf", PDF)).status()).isEqualTo(404);
        assertThat(other.post("/api/portal/disputes/" + dispute + "/withdraw", "{}").status()).isEqualTo(404);
        assertThat(download(TestTokens.customer(stranger), "/api/portal/disputes/" + dispute + "/attachments/" + file).statusCode()).isEqualTo(404);
        assertThat(other.get("/api/portal/disputes/invoices/" + invoice).status()).isEqualTo(404);
        refused(other.post("/api/portal/disputes", openBody(invoice, "OTHER", null, "Not mine")), 404, "invoiceId");
        assertThat(other.get("/api/portal/disputes").json().get("items")).isEmpty();
        assertThat(other.get("/api/portal/disputes?invoiceId=" + invoice).json().get("items")).isEmpty();
        assertThat(portal(owner).get("/api/portal/disputes?invoiceId=" + invoice).json().get("items")).hasSize(1);
        assertThat(written(owner)).isEqualTo(before);
        assertThat(written(stranger)).containsOnly(0L);
    }
}
