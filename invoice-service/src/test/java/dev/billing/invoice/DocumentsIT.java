package dev.billing.invoice;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.support.events.EventJson;
import dev.billing.events.access.Role;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.TestTokens;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.events.invoice.InvoiceDocumentRendered;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Invoice and storno PDFs, the UBL export and attachments through the API, on the module's shared context. */
@IntegrationTest
class DocumentsIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.INVOICE, Topics.INVOICE_DOCUMENTS);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    record Binary(int status, byte[] body, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private Binary download(String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + TestTokens.of(Role.ADMIN))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Binary(response.statusCode(), response.body(), response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        }
    }

    /** A multipart/form-data upload built by hand, as a browser sends it: one part named "file". */
    private ApiClient.Response upload(String path, String filename, String contentType, byte[] content) {
        String boundary = "----documents-it-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + TestTokens.of(Role.ADMIN))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiClient.Response(response.statusCode(), response.body(), response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e, e);
        }
    }

    private UUID registeredCustomer() {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Gülşen Ötüken Ağaç İşleri", "finans@otuken.example", null,
                        "tr", "Europe/Istanbul", 15, Instant.parse("2027-01-01T00:00:00Z"), null)));
        return customer;
    }

    private UUID draft(UUID customer) {
        String body = ApiClient.json(Map.of("customerId", customer.toString(), "currency", "TRY", "lines", List.of(
                Map.of("description", "Çağrı merkezi – İstanbul", "quantity", "1", "unitPrice", "10000", "discountPercent", "10",
                        "taxRate", "20"),
                Map.of("description", "Basılı broşür", "quantity", "500", "unitPrice", "2.50", "taxRate", "10"))));
        ApiClient.Response response = Eventually.await(() -> api.post("/api/invoices", body), r -> r.status() != 404,
                Duration.ofSeconds(15));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    private String issue(UUID id) {
        ApiClient.Response issued = api.post("/api/invoices/" + id + "/issue", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return issued.json().get("number").asString();
    }

    private long stored(UUID id, String kind) {
        return jdbc.sql("select count(*) from invoice_document where invoice_id = :id and kind = :kind")
                .param("id", id).param("kind", kind).query(Long.class).single();
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
        }
    }

    @Test
    void issuedInvoiceHasAPdfAndACancelledOneAStornoPdf() {
        UUID customer = registeredCustomer();
        UUID id = draft(customer);
        assertProblem(api.get("/api/invoices/" + id + "/pdf"), 409, "status");

        String number = issue(id);
        Binary pdf = download("/api/invoices/" + id + "/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).startsWith("application/pdf");
        assertThat(pdf.header("Content-Disposition")).startsWith("inline").contains(number);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(Eventually.await(() -> stored(id, "INVOICE"), n -> n == 1, Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(download("/api/invoices/" + id + "/pdf").body()).as("the stored copy").isEqualTo(pdf.body());
        assertThat(kafka.await(ofType(EventCatalog.INVOICE_ISSUED.type()).and(r -> r.key().equals(customer.toString())), 1,
                Duration.ofSeconds(10)).get(0).value()).contains("\"documentPath\":\"/api/invoices/" + id + "/pdf\"");

        assertProblem(api.get("/api/invoices/" + id + "/storno.pdf"), 409, "status");
        ApiClient.Response cancelled = api.post("/api/invoices/" + id + "/cancel", "{\"reason\":\"Yanlış müşteri\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        String stornoNumber = cancelled.json().get("stornoNumber").asString();

        Binary storno = download("/api/invoices/" + id + "/storno.pdf");
        assertThat(storno.status()).isEqualTo(200);
        assertThat(storno.header("Content-Type")).startsWith("application/pdf");
        assertThat(storno.header("Content-Disposition")).contains(stornoNumber);
        assertThat(new String(storno.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(Eventually.await(() -> stored(id, "STORNO"), n -> n == 1, Duration.ofSeconds(30))).isEqualTo(1);

        assertProblem(api.get("/api/invoices/" + UUID.randomUUID() + "/pdf"), 404, null);
    }

    @Test
    void theRendererStoresThePdfWithoutAnyoneAskingForItAndPublishesItForTheEmail() {
        UUID customer = registeredCustomer();
        UUID id = draft(customer);
        String number = issue(id);

        assertThat(Eventually.await(() -> stored(id, "INVOICE"), n -> n == 1, Duration.ofSeconds(30)))
                .as("background renderer stored the invoice PDF").isEqualTo(1);
        List<ConsumerRecord<String, String>> rendered = kafka.await(ofType(EventCatalog.INVOICE_DOCUMENT_RENDERED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10));
        InvoiceDocumentRendered document = EventJson.mapper().readValue(rendered.get(0).value(), InvoiceDocumentRendered.class);
        assertThat(document.invoiceId()).isEqualTo(id);
        assertThat(document.kind()).isEqualTo("INVOICE");
        assertThat(document.filename()).isEqualTo(number + ".pdf");
        assertThat(document.content()).as("the PDF that downloads get").isEqualTo(download("/api/invoices/" + id + "/pdf").body());
        assertThat(rendered).as("rendered once, announced once").hasSize(1);
    }

    @Test
    void ublExportOfAnIssuedInvoice() {
        UUID id = draft(registeredCustomer());
        assertProblem(api.get("/api/invoices/" + id + "/ubl"), 409, "status");
        String number = issue(id);

        ApiClient.Response ubl = api.get("/api/invoices/" + id + "/ubl");
        assertThat(ubl.status()).as(ubl.body()).isEqualTo(200);
        assertThat(ubl.header("Content-Type")).startsWith("application/xml");
        assertThat(ubl.body()).contains("<cbc:ID>" + number + "</cbc:ID>", "<cbc:UUID>" + id + "</cbc:UUID>",
                "<cbc:ProfileID>EARSIVFATURA</cbc:ProfileID>", "Gülşen Ötüken Ağaç İşleri");
    }

    @Test
    void attachmentsKeepTheBytesAndTheTurkishName() {
        UUID id = draft(registeredCustomer());
        // 2 MB: over Boot's default multipart limit of 1 MB, under this service's 10 MB
        byte[] content = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(content);
        String filename = "Sözleşme – İş Ortaklığı ğüşıöç.pdf";

        ApiClient.Response uploaded = upload("/api/invoices/" + id + "/attachments", filename, "application/pdf", content);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        JsonNode attachment = uploaded.json();
        assertThat(attachment.get("filename").asString()).isEqualTo(filename);
        assertThat(attachment.get("size").asLong()).isEqualTo(content.length);

        JsonNode list = api.get("/api/invoices/" + id + "/attachments").json();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("filename").asString()).isEqualTo(filename);
        assertThat(list.get(0).get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(list.get(0).has("content")).isFalse();

        Binary file = download(list.get(0).get("downloadPath").asString());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("application/pdf");
        assertThat(file.header("Content-Disposition")).startsWith("attachment");
        assertThat(file.body()).isEqualTo(content);

        assertProblem(upload("/api/invoices/" + id + "/attachments", "empty.txt", "text/plain", new byte[0]), 400, "file");
        assertProblem(upload("/api/invoices/" + UUID.randomUUID() + "/attachments", "a.txt", "text/plain",
                "x".getBytes(StandardCharsets.UTF_8)), 404, null);
        assertProblem(api.get("/api/invoices/" + id + "/attachments/" + UUID.randomUUID()), 404, null);
        assertThat(api.get("/api/invoices/" + id + "/attachments").json().size()).isEqualTo(1);
    }
}
