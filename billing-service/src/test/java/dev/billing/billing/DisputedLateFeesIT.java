package dev.billing.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** No late fee while an invoice is disputed; what happens to the fee when the dispute ends. */
@IntegrationTest
class DisputedLateFeesIT {
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

    /** A customer whose terms charge 2 % of what is open per month as late fee. */
    private UUID customer() {
        ApiClient.Response response = api.post("/api/customers", ApiClient.json(Map.of("name", "Duna Reklám Kft.",
                "email", "szamla@duna.example", "language", "hu", "timeZone", "UTC", "paymentTermDays", 8,
                "terms", Map.of("lateFee", "PERCENT_PER_MONTH", "lateFeeValue", "2"))));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    /** Sends an event (as a new one) and waits until the consumer has recorded it in its inbox. */
    private void consumed(String topic, String consumer, UUID customer, String type, Record payload) {
        String eventId = UUID.randomUUID().toString();
        kafka.send(topic, customer.toString(), eventId, type, EventJson.write(payload));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                        "select count(*) from inbox_event where consumer = :consumer and event_id = :id")
                .param("consumer", consumer).param("id", eventId).query(Long.class).single() == 1);
    }

    private void opened(UUID customer, UUID invoice, UUID dispute) {
        consumed(Topics.DISPUTE, "billing-dispute", customer, EventCatalog.DISPUTE_OPENED.type(), new DisputeOpened(dispute,
                customer, invoice, "QUANTITY", "Eksik teslimat", "EUR", null, Instant.now(), null, "CUSTOMER", null, false,
                null));
    }

    private void resolved(UUID customer, UUID invoice, UUID dispute, String outcome) {
        consumed(Topics.DISPUTE, "billing-dispute", customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute,
                customer, invoice, outcome, "EUR", "CREDIT_NOTE".equals(outcome) ? new BigDecimal("100") : null, "resolution",
                Instant.now(), null, null, "collector", "accountant"));
    }

    private void overdue(UUID customer, UUID invoice, String openAmount) {
        consumed(Topics.INVOICE, "billing-invoice", customer, EventCatalog.INVOICE_OVERDUE.type(), new InvoiceOverdue(invoice,
                "INV-2027-000321", customer, LocalDate.of(2027, 1, 10), 1, "EUR", new BigDecimal(openAmount)));
    }

    private JsonNode charges(UUID customer) {
        return api.get("/api/customers/" + customer + "/charges").json();
    }

    @Test
    void anInvoiceThatBecomesOverdueWhileDisputedGetsNoLateFee() {
        UUID customer = customer();
        UUID invoice = UUID.randomUUID();
        opened(customer, invoice, UUID.randomUUID());

        overdue(customer, invoice, "1000.00");

        assertThat(charges(customer).size()).isZero();
    }

    @Test
    void aRejectionAfterwardsAddsTheLateFeeOnceOnWhatIsStillOpen() {
        UUID customer = customer();
        UUID invoice = UUID.randomUUID();
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice, dispute);
        overdue(customer, invoice, "1000.00");
        consumed(Topics.INVOICE, "billing-invoice", customer, EventCatalog.INVOICE_PARTIALLY_PAID.type(),
                new InvoicePartiallyPaid(invoice, "INV-2027-000321", customer, UUID.randomUUID(), "PAYMENT", "EUR",
                        new BigDecimal("500.00"), new BigDecimal("500.00")));
        assertThat(charges(customer).size()).isZero();

        resolved(customer, invoice, dispute, "REJECTED");
        resolved(customer, invoice, dispute, "REJECTED");

        JsonNode charges = charges(customer);
        assertThat(charges.size()).isEqualTo(1);
        assertThat(charges.get(0).get("kind").asString()).isEqualTo("LATE_FEE");
        assertThat(charges.get(0).get("unitPrice").asString()).as("2 % of the 500 still open").isEqualTo("10");
        assertThat(charges.get(0).get("description").asString()).isEqualTo("Késedelmi díj: INV-2027-000321");
    }

    @Test
    void aWithdrawnDisputeAddsTheLateFeeLikeARejection() {
        UUID customer = customer();
        UUID invoice = UUID.randomUUID();
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice, dispute);
        overdue(customer, invoice, "1000.00");

        consumed(Topics.DISPUTE, "billing-dispute", customer, EventCatalog.DISPUTE_WITHDRAWN.type(),
                new DisputeWithdrawn(dispute, customer, invoice, null, Instant.now()));

        assertThat(charges(customer).size()).isEqualTo(1);
        assertThat(charges(customer).get(0).get("unitPrice").asString()).isEqualTo("20");
    }

    @Test
    void aCreditNoteOrReissueOutcomeDropsTheLateFee() {
        UUID customer = customer();
        UUID credited = UUID.randomUUID();
        UUID creditDispute = UUID.randomUUID();
        UUID reissued = UUID.randomUUID();
        UUID reissueDispute = UUID.randomUUID();
        opened(customer, credited, creditDispute);
        opened(customer, reissued, reissueDispute);
        overdue(customer, credited, "1000.00");
        overdue(customer, reissued, "1000.00");

        resolved(customer, credited, creditDispute, "CREDIT_NOTE");
        resolved(customer, reissued, reissueDispute, "REISSUE");

        assertThat(charges(customer).size()).isZero();
        assertThat(jdbc.sql("select count(*) from disputed_invoice where invoice_id in (:a, :b)").param("a", credited)
                .param("b", reissued).query(Long.class).single()).as("no longer disputed").isZero();
    }

    @Test
    void anInvoicePaidWhileDisputedGetsNoLateFeeWhenTheDisputeIsRejected() {
        UUID customer = customer();
        UUID invoice = UUID.randomUUID();
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice, dispute);
        overdue(customer, invoice, "1000.00");
        consumed(Topics.INVOICE, "billing-invoice", customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice,
                "INV-2027-000321", customer, UUID.randomUUID(), "PAYMENT", "EUR", new BigDecimal("1000.00"), BigDecimal.ZERO,
                Instant.now()));

        resolved(customer, invoice, dispute, "REJECTED");

        assertThat(charges(customer).size()).isZero();
    }

    @Test
    void anInvoiceOverdueBeforeItsDisputeAndAfterItEndsIsChargedAsAlways() {
        UUID customer = customer();
        UUID invoice = UUID.randomUUID();
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice, dispute);
        resolved(customer, invoice, dispute, "REJECTED");
        assertThat(charges(customer).size()).as("it did not become overdue while disputed").isZero();

        overdue(customer, invoice, "1000.00");

        assertThat(charges(customer).size()).isEqualTo(1);
    }
}
