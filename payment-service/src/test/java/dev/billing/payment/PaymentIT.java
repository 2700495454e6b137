package dev.billing.payment;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.Role;
import dev.billing.events.billing.BillTo;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Payments staff record and refund, on real Kafka and PostgreSQL: what they publish, and what they refuse. */
@IntegrationTest
class PaymentIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.PAYMENT);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    /** An invoice invoice-service issued, as payment-service hears of it; returns its id once payment-service knows it. */
    private UUID issued(UUID customer, String currency, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, "INV-2027-" + UUID.randomUUID().toString().substring(0, 6), LocalDate.of(2027, 3, 15),
                currency, total, new BillTo("Ada Ajans", "ada@example.com", null, "tr", "Europe/Istanbul"));
    }

    private long rows() {
        return jdbc.sql("select (select count(*) from payment) + (select count(*) from refund) + (select count(*) from outbox_event)")
                .query(Long.class).single();
    }

    @Test
    void aBankTransferStaffRecordIsPublishedOnceAsPaymentReceivedForTheInvoice() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "TRY", "1440.00");
        ApiClient accountant = api.as(Role.ACCOUNTANT);
        LocalDate threeDaysAgo = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3);

        ApiClient.Response recorded = accountant.post("/api/payments", ApiClient.json(Map.of("customerId", customer.toString(),
                "invoiceId", invoice.toString(), "amount", "1000.50", "currency", "TRY", "method", "BANK_TRANSFER",
                "reference", "EFT 2027-03-10 Garanti", "receivedOn", threeDaysAgo.toString())));

        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        JsonNode payment = recorded.json();
        assertThat(recorded.header("Location")).isEqualTo("/api/payments/" + payment.get("id").asString());
        assertThat(payment.get("amount").asString()).isEqualTo("1000.50");
        assertThat(payment.get("refundable").asString()).isEqualTo("1000.50");
        assertThat(payment.get("recordedBy").asString()).isNotBlank();
        List<ConsumerRecord<String, String>> received = kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10));
        assertThat(received).hasSize(1);
        PaymentReceived event = EventJson.mapper().readValue(received.get(0).value(), PaymentReceived.class);
        assertThat(event.paymentId().toString()).isEqualTo(payment.get("id").asString());
        assertThat(event.invoiceId()).isEqualTo(invoice);
        assertThat(event.amount()).isEqualByComparingTo("1000.50");
        assertThat(event.method()).isEqualTo("BANK_TRANSFER");
        assertThat(event.providerReference()).isEqualTo("EFT 2027-03-10 Garanti");
        // a date without a time: noon UTC, the same day in Istanbul and Budapest
        assertThat(event.receivedAt()).isEqualTo(threeDaysAgo.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        assertThat(api.get("/api/payments?invoiceId=" + invoice).json().size()).isEqualTo(1);
        assertThat(api.get("/api/payments?customerId=" + customer).json().get(0).get("id").asString()).isEqualTo(payment.get("id").asString());
    }

    @Test
    void moneyWithoutAnInvoiceIsRecordedForTheCustomerAndCashNeedsNoReference() {
        UUID customer = UUID.randomUUID();
        ApiClient.Response recorded = api.as(Role.COLLECTOR).post("/api/payments", ApiClient.json(Map.of("customerId", customer.toString(),
                "amount", "25000", "currency", "HUF", "method", "CASH")));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        PaymentReceived event = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentReceived.class);
        assertThat(event.invoiceId()).as("invoice-service keeps it as the customer's credit").isNull();
        assertThat(event.amount()).isEqualByComparingTo("25000");
    }

    @Test
    void aPaymentThatCannotBeRightIsRefusedNamingTheFieldAndNothingIsWritten() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "EUR", "500.00");
        UUID othersInvoice = issued(UUID.randomUUID(), "EUR", "500.00");
        UUID cancelled = issued(customer, "EUR", "300.00");
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_CANCELLED.type(),
                EventJson.write(new InvoiceCancelled(cancelled, "INV-X", customer, "STO-X", "EUR", new BigDecimal("300.00"), null,
                        Instant.now(), null, null, null)));
        Eventually.await(() -> jdbc.sql("select status from invoice_copy where invoice_id = :id").param("id", cancelled)
                .query(String.class).single(), "CANCELLED"::equals, Duration.ofSeconds(15));
        Map<String, Object> valid = Map.of("customerId", customer.toString(), "invoiceId", invoice.toString(), "amount", "100.00",
                "currency", "EUR", "method", "CHEQUE");
        ApiClient accountant = api.as(Role.ACCOUNTANT);
        long before = rows();
        record Wrong(String field, int status, Map<String, Object> change) {
        }
        for (Wrong wrong : List.of(
                new Wrong("amount", 400, Map.of("amount", "0")),
                new Wrong("amount", 400, Map.of("amount", "-5")),
                new Wrong("amount", 400, Map.of("amount", "10.005")),
                new Wrong("amount", 400, Map.of("amount", "99999999999999")),
                new Wrong("currency", 400, Map.of("currency", "XYZ")),
                new Wrong("currency", 422, Map.of("currency", "TRY")),
                new Wrong("method", 400, Map.of("method", "BITCOIN")),
                new Wrong("invoiceId", 422, Map.of("invoiceId", UUID.randomUUID().toString())),
                new Wrong("invoiceId", 422, Map.of("invoiceId", othersInvoice.toString())),
                new Wrong("invoiceId", 409, Map.of("invoiceId", cancelled.toString())),
                new Wrong("reference", 400, Map.of("reference", "EFT\u0000")),
                new Wrong("receivedOn", 400, Map.of("receivedOn", LocalDate.now().plusDays(5).toString())),
                new Wrong("receivedOn", 400, Map.of("receivedOn", "2027-02-30")),
                new Wrong("customerId", 400, Map.of("customerId", "not-a-uuid")))) {
            Map<String, Object> body = new java.util.HashMap<>(valid);
            body.putAll(wrong.change());
            ApiClient.Response refused = accountant.post("/api/payments", ApiClient.json(body));
            assertThat(refused.status()).as(wrong + ": " + refused.body()).isEqualTo(wrong.status());
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("field").asString()).as(wrong + ": " + refused.body()).isEqualTo(wrong.field());
        }
        assertThat(rows()).as("nothing written by the refused payments").isEqualTo(before);
        assertThat(accountant.post("/api/payments", ApiClient.json(valid)).status()).isEqualTo(201);
    }

    @Test
    void refundsGiveBackAtMostWhatWasPaidEvenWhenAskedForAtOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "TRY", "1000.00");
        ApiClient accountant = api.as(Role.ACCOUNTANT);
        String paymentId = accountant.post("/api/payments", ApiClient.json(Map.of("customerId", customer.toString(),
                "invoiceId", invoice.toString(), "amount", "1000.00", "currency", "TRY", "method", "BANK_TRANSFER"))).json()
                .get("id").asString();

        ApiClient.Response first = accountant.post("/api/payments/" + paymentId + "/refunds",
                ApiClient.json(Map.of("amount", "400.00", "reason", "Hizmet iptal")));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("refunds").get(0).get("status").asString()).as("no provider to ask").isEqualTo("SUCCEEDED");
        assertThat(first.json().get("refundable").asString()).isEqualTo("600.00");
        ApiClient.Response tooMuch = accountant.post("/api/payments/" + paymentId + "/refunds", ApiClient.json(Map.of("amount", "600.01")));
        assertThat(tooMuch.status()).as(tooMuch.body()).isEqualTo(422);
        assertThat(tooMuch.json().get("field").asString()).isEqualTo("amount");

        // ten refunds of 100.00 at once against the 600.00 left: exactly six are given
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<CompletableFuture<Integer>> asked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            asked.add(CompletableFuture.supplyAsync(() -> accountant.post("/api/payments/" + paymentId + "/refunds",
                    ApiClient.json(Map.of("amount", "100.00"))).status(), pool));
        }
        List<Integer> statuses = asked.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(6);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(4);
        assertThat(api.get("/api/payments/" + paymentId).json().get("refundable").asString()).isEqualTo("0.00");
        List<ConsumerRecord<String, String>> refunded = kafka.await(ofType(EventCatalog.PAYMENT_REFUNDED.type())
                .and(r -> r.key().equals(customer.toString())), 7, Duration.ofSeconds(10));
        assertThat(refunded).hasSize(7);
        assertThat(refunded.stream().map(r -> EventJson.mapper().readValue(r.value(), PaymentRefunded.class).amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("1000.00");
        assertThat(refunded).allSatisfy(r -> {
            PaymentRefunded event = EventJson.mapper().readValue(r.value(), PaymentRefunded.class);
            assertThat(event.method()).isEqualTo("BANK_TRANSFER");
            assertThat(event.provider()).as("given back by hand: no provider").isNull();
            assertThat(event.providerReference()).isNull();
        });
        assertThat(api.as(Role.COLLECTOR).post("/api/payments/" + paymentId + "/refunds", ApiClient.json(Map.of("amount", "1"))).status())
                .as("refunds are the accountants'").isEqualTo(403);
        assertThat(accountant.post("/api/payments/" + UUID.randomUUID() + "/refunds", ApiClient.json(Map.of("amount", "1"))).status())
                .isEqualTo(404);
    }

    @Test
    void aCardPaymentTheSandboxTookIsGivenBackThereAndOneItNeverChargedIsRefusedAnnouncingNothing() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "EUR", "300.00");
        String checkout = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts", ApiClient.json(Map.of("currency", "EUR",
                "returnUrl", "http://localhost:8080/p/some-link/done"))).json().get("checkoutId").asString();
        assertThat(api.anonymous().send("POST", "/pay/sandbox/" + checkout, "application/x-www-form-urlencoded", "card=4242424242424242")
                .status()).isEqualTo(303);
        String paymentId = ProviderRefunds.paymentOf(api, invoice);

        ApiClient.Response refunded = ProviderRefunds.ask(api, paymentId, "100.00");

        assertThat(refunded.status()).as(refunded.body()).isEqualTo(201);
        assertThat(refunded.json().get("refundable").asString()).isEqualTo("200.00");
        JsonNode refund = refunded.json().get("refunds").get(0);
        assertThat(refunded.header("Location")).isEqualTo("/api/payments/" + paymentId + "/refunds/" + refund.get("id").asString());
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("providerReference").asString()).startsWith("sbx_re_");
        assertThat(jdbc.sql("select transaction_id from sandbox_refund where idempotency_key = :key")
                .param("key", UUID.fromString(refund.get("id").asString())).query(String.class).single())
                .as("in the sandbox's book, of the charge it made").isEqualTo(refunded.json().get("providerReference").asString());
        List<PaymentRefunded> announced = ProviderRefunds.announced(jdbc, customer);
        assertThat(announced).extracting(PaymentRefunded::refundId).containsExactly(UUID.fromString(refund.get("id").asString()));
        assertThat(announced.get(0).amount()).isEqualByComparingTo("100.00");
        assertThat(announced.get(0).method()).isEqualTo("CARD");
        assertThat(announced.get(0).provider()).isEqualTo("sandbox");
        assertThat(announced.get(0).providerReference()).as("the sandbox's id of the refund").isEqualTo(refund.get("providerReference").asString());

        // a card payment whose charge the sandbox never made: it refuses, and the invoice must not reopen
        UUID stranger = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        jdbc.sql("""
                        insert into payment (id, customer_id, currency, amount, method, provider, provider_reference, received_at, recorded_at,
                                             recorded_by)
                        values (:id, :customer, 'EUR', 50, 'CARD', 'sandbox', 'sbx_never_charged', now(), now(), 'customer')""")
                .param("id", unknown).param("customer", stranger).update();
        ApiClient.Response refused = ProviderRefunds.ask(api, unknown.toString(), "20.00");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("field").asString()).isEqualTo("provider");
        assertThat(refused.json().get("detail").asString()).contains("the sandbox made no charge sbx_never_charged");
        JsonNode failed = ProviderRefunds.refundOf(api, unknown.toString());
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asString()).isEqualTo("the sandbox made no charge sbx_never_charged");
        assertThat(api.get("/api/payments/" + unknown).json().get("refundable").asString()).as("nothing was given back").isEqualTo("50.00");
        assertThat(ProviderRefunds.announced(jdbc, stranger)).isEmpty();
    }

    @Test
    void theInvoiceCopyFollowsWhatInvoiceServiceReports() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "TRY", "1000.00");
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_PARTIALLY_PAID.type(),
                EventJson.write(new InvoicePartiallyPaid(invoice, "INV", customer, UUID.randomUUID(), "PAYMENT", "TRY",
                        new BigDecimal("400.00"), new BigDecimal("600.00"))));
        assertThat(Eventually.await(() -> jdbc.sql("select status || ' ' || open_amount from invoice_copy where invoice_id = :id")
                .param("id", invoice).query(String.class).single(), "PARTIALLY_PAID 600.0000"::equals, Duration.ofSeconds(15)))
                .isEqualTo("PARTIALLY_PAID 600.0000");
    }
}
