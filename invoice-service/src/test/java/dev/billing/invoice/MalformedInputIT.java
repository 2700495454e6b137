package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.MalformedBodies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hundreds of generated malformed bodies against every invoice endpoint that writes: each must be
 * answered 4xx problem+json, and none may write a row.
 */
@IntegrationTest
class MalformedInputIT {
    private static final Map<String, Object> LINE = Map.of("description", "Kampanya", "quantity", "2", "unitPrice", "99.90",
            "discountPercent", "5", "taxRate", "20");
    private static final List<String> LINE_REQUIRED = List.of("description", "quantity", "unitPrice", "taxRate");

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    UUID customer;
    String draftId;
    String issuedId;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        customer = UUID.randomUUID();
        try (KafkaProbe kafka = KafkaProbe.onEmbeddedBroker(Topics.BILLING)) {
            kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                    EventJson.write(new CustomerRegistered(customer, "Ada", "ada@example.com", null, "tr", "Europe/Istanbul", 10,
                            Instant.now(), null)));
        }
        String draft = ApiClient.json(Map.of("customerId", customer.toString(), "currency", "TRY", "lines", List.of(LINE)));
        draftId = Eventually.await(() -> api.post("/api/invoices", draft), r -> r.status() == 201, Duration.ofSeconds(15))
                .json().get("id").asString();
        issuedId = api.post("/api/invoices", draft).json().get("id").asString();
        // the credit-note and cancel cases below must meet an issued invoice, or they would prove nothing
        assertThat(api.post("/api/invoices/" + issuedId + "/issue", "").status()).isEqualTo(200);
    }

    private long rows() {
        // only this test's customer: other tests' events may still be consumed meanwhile
        return jdbc.sql("""
                select (select count(*) from invoice where customer_id = :c)
                     + (select count(*) from invoice_line l join invoice i on i.id = l.invoice_id where i.customer_id = :c)
                     + (select count(*) from credit_note where customer_id = :c)
                     + (select count(*) from invoice where customer_id = :c and number is not null)
                     + (select count(*) from credit_note_line l join credit_note n on n.id = l.credit_note_id where n.customer_id = :c)
                     + (select count(*) from outbox_event where message_key = cast(:c as text)
                        -- the background renderer announces the issued invoice's PDF whenever it gets to it
                        and event_type <> 'invoice.document-rendered.v1')""")
                .param("c", customer).query(Long.class).single();
    }

    private void assertAllRefused(String method, String path, List<MalformedBodies.Case> cases) {
        long before = rows();
        String linesBefore = jdbc.sql("select string_agg(l.description || l.quantity || l.unit_price, ',' order by l.invoice_id, l.position) from invoice_line l join invoice i on i.id = l.invoice_id where i.customer_id = :c")
                .param("c", customer).query(String.class).single();
        for (MalformedBodies.Case c : cases) {
            ApiClient.Response response = method.equals("PUT") ? api.put(path, c.body()) : api.post(path, c.body());
            assertThat(response.status()).as("%s %s with %s: %s", method, path, c, response.body()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        }
        assertThat(rows()).as("rows written by refused requests to %s", path).isEqualTo(before);
        assertThat(jdbc.sql("select string_agg(l.description || l.quantity || l.unit_price, ',' order by l.invoice_id, l.position) from invoice_line l join invoice i on i.id = l.invoice_id where i.customer_id = :c")
                .param("c", customer).query(String.class).single()).isEqualTo(linesBefore);
    }

    /** After the refused ones, the valid body is accepted: the refusals were about the breakage, not the endpoint. */
    private void assertAccepted(String method, String path, Map<String, Object> valid) {
        String body = ApiClient.json(valid);
        ApiClient.Response response = method.equals("PUT") ? api.put(path, body) : api.post(path, body);
        assertThat(response.status()).as("%s %s with the valid body: %s", method, path, response.body()).isBetween(200, 299);
    }

    private static List<MalformedBodies.Case> withBrokenLines(Map<String, Object> outer, long seed) {
        List<MalformedBodies.Case> cases = new ArrayList<>();
        for (MalformedBodies.Case line : MalformedBodies.of(LINE, LINE_REQUIRED, 120, seed)) {
            String prefix = ApiClient.json(outer);
            cases.add(new MalformedBodies.Case("line " + line.name(),
                    prefix.substring(0, prefix.length() - 1) + (outer.isEmpty() ? "" : ",") + "\"lines\":[" + line.body() + "]}"));
        }
        return cases;
    }

    @Test
    void creatingADraft() {
        Map<String, Object> valid = Map.of("customerId", customer.toString(), "currency", "TRY", "paymentTermDays", 10,
                "fulfilmentDate", "2027-03-01", "lines", List.of(LINE));
        assertAllRefused("POST", "/api/invoices", MalformedBodies.of(valid, List.of("customerId", "currency", "lines"), 150, 21));
        assertAllRefused("POST", "/api/invoices", withBrokenLines(Map.of("customerId", customer.toString(), "currency", "TRY"), 22));
        assertAllRefused("POST", "/api/invoices", lineWith("description", MalformedBodies.CONTROL_CHARACTERS));
        assertAllRefused("POST", "/api/invoices", lineWith("unitPrice", MalformedBodies.TOO_LARGE_NUMBERS));
        assertAllRefused("POST", "/api/invoices", lineWith("quantity", MalformedBodies.TOO_LARGE_NUMBERS));
        assertAccepted("POST", "/api/invoices", valid);
    }

    private List<MalformedBodies.Case> lineWith(String field, List<String> values) {
        return MalformedBodies.withValues(LINE, field, values).stream()
                .map(line -> new MalformedBodies.Case("line " + line.name(), "{\"customerId\":\"" + customer + "\",\"currency\":\"TRY\","
                        + "\"lines\":[" + line.body() + "]}"))
                .toList();
    }

    @Test
    void editingDraftLines() {
        assertAllRefused("PUT", "/api/invoices/" + draftId + "/lines",
                MalformedBodies.of(Map.of("fulfilmentDate", "2027-03-01", "lines", List.of(LINE)), List.of("lines"), 100, 23));
        assertAllRefused("PUT", "/api/invoices/" + draftId + "/lines", withBrokenLines(Map.of(), 24));
        assertAccepted("PUT", "/api/invoices/" + draftId + "/lines", Map.of("lines", List.of(LINE)));
    }

    @Test
    void creditingAnInvoice() {
        assertAllRefused("POST", "/api/invoices/" + issuedId + "/credit-notes",
                MalformedBodies.of(Map.of("amount", "10.00", "reason", "Hasar"), List.of("amount"), 150, 25));
        assertAllRefused("POST", "/api/invoices/" + issuedId + "/credit-notes",
                MalformedBodies.withValues(Map.of("amount", "10.00"), "reason", MalformedBodies.CONTROL_CHARACTERS));
        assertAllRefused("POST", "/api/invoices/" + issuedId + "/credit-notes",
                MalformedBodies.withValues(Map.of("reason", "Hasar"), "amount", MalformedBodies.TOO_LARGE_NUMBERS));
        assertAccepted("POST", "/api/invoices/" + issuedId + "/credit-notes", Map.of("amount", "10.00", "reason", "Hasar"));
    }

    @Test
    void cancellingAnInvoice() {
        assertAllRefused("POST", "/api/invoices/" + issuedId + "/cancel",
                MalformedBodies.withValues(Map.of(), "reason", MalformedBodies.CONTROL_CHARACTERS));
        assertAllRefused("POST", "/api/invoices/" + issuedId + "/cancel",
                List.of(new MalformedBodies.Case("not json", "{not json"), new MalformedBodies.Case("reason an object", "{\"reason\":{}}"),
                        new MalformedBodies.Case("reason too long", "{\"reason\":\"" + "x".repeat(1001) + "\"}")));
        assertAccepted("POST", "/api/invoices/" + issuedId + "/cancel", Map.of("reason", "Yanlış müşteri\nikinci satır"));
    }

    @Test
    void issuingWhatIsNotADraft() {
        assertThat(api.post("/api/invoices/" + issuedId + "/issue", "").status()).isEqualTo(409);
        assertThat(api.post("/api/invoices/" + UUID.randomUUID() + "/issue", "").status()).isEqualTo(404);
        assertThat(api.post("/api/invoices/not-a-uuid/issue", "").status()).isEqualTo(400);
        assertAccepted("POST", "/api/invoices/" + draftId + "/issue", Map.of());
    }
}
