package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.support.events.EventJson;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
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

/** Numbers the numeric(19,4) columns cannot hold are refused up front: a 400 naming the field, or an invalid event. */
@IntegrationTest
class AmountLimitsIT {
    private static final String HUGE = "9999999999999"; // 13 digits: a valid quantity or unit price on its own

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.deadLetter(Topics.BILLING), Topics.deadLetter(Topics.PAYMENT));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private static Map<String, Object> line(String quantity, String unitPrice) {
        return Map.of("description", "Kampanya", "quantity", quantity, "unitPrice", unitPrice, "taxRate", "20");
    }

    private ApiClient.Response draft(UUID customer, List<Map<String, Object>> lines) {
        String body = ApiClient.json(Map.of("customerId", customer.toString(), "currency", "TRY", "lines", lines));
        return Eventually.await(() -> api.post("/api/invoices", body), r -> r.status() != 404, Duration.ofSeconds(15));
    }

    private long rowsOf(UUID customer) {
        return jdbc.sql("""
                select (select count(*) from invoice where customer_id = :c)
                     + (select count(*) from invoice_line l join invoice i on i.id = l.invoice_id where i.customer_id = :c)""")
                .param("c", customer).query(Long.class).single();
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
    }

    private ConsumerRecord<String, String> deadLetter(String eventId) {
        List<ConsumerRecord<String, String>> dead = kafka.await(r -> eventId.equals(KafkaProbe.header(r, "ce_id")), 1,
                Duration.ofSeconds(20));
        assertThat(dead).as("dead letter of event %s", eventId).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "x-exception-fqcn")).isEqualTo(InvalidEventException.class.getName());
        return dead.get(0);
    }

    @Test
    void draftsWhoseAmountsDoNotFitAreA400NamingTheFieldAndWriteNothing() {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Yıldız Ajans", "finans@yildiz.example", null, "tr",
                        "Europe/Istanbul", 15, Instant.now(), null)));

        assertField(draft(customer, List.of(line("1", "10"), line(HUGE, HUGE))), "lines[1].unitPrice");
        // each line fits, their sum does not
        assertField(draft(customer, Collections.nCopies(100, line("1000", "9999999999.99"))), "lines");
        assertThat(rowsOf(customer)).isZero();

        ApiClient.Response fits = draft(customer, List.of(line("1000", "9999999999.99")));
        assertThat(fits.status()).as(fits.body()).isEqualTo(201);
        String id = fits.json().get("id").asString();
        assertField(api.put("/api/invoices/" + id + "/lines", ApiClient.json(Map.of("lines", List.of(line(HUGE, HUGE))))),
                "lines[0].unitPrice");
        assertThat(api.get("/api/invoices/" + id).json().get("total").asString()).isEqualTo("11999999999988.00");
    }

    @Test
    void eventsWhoseAmountsDoNotFitAreInvalidAndWriteNothing() {
        UUID customer = UUID.randomUUID();
        String request = UUID.randomUUID().toString();
        kafka.send(Topics.BILLING, customer.toString(), request, EventCatalog.INVOICE_REQUESTED.type(),
                EventJson.write(new InvoiceRequested("limits:" + customer, customer, null,
                        new BillTo("Kovács Kft.", "penzugy@example.hu", null, "hu", "Europe/Budapest"), LocalDate.of(2027, 3, 1),
                        LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 31), "HUF", 8,
                        List.of(new RequestedLine("Tárhely", BigDecimal.ONE, new BigDecimal("1E+20"), new BigDecimal("27"))),
                        null, null)));
        assertThat(KafkaProbe.header(deadLetter(request), "x-exception-message")).contains("lines[0].unitPrice");
        assertThat(rowsOf(customer)).isZero();

        String payment = UUID.randomUUID().toString();
        kafka.send(Topics.PAYMENT, customer.toString(), payment, EventCatalog.PAYMENT_RECEIVED.type(),
                EventJson.write(new PaymentReceived(UUID.randomUUID(), customer, null, "HUF", new BigDecimal("1E+16"),
                        "BANK_TRANSFER", null, null, Instant.now())));
        assertThat(KafkaProbe.header(deadLetter(payment), "x-exception-message")).contains("too large");
        assertThat(jdbc.sql("select count(*) from customer_credit where customer_id = :c").param("c", customer)
                .query(Long.class).single()).isZero();
    }
}
