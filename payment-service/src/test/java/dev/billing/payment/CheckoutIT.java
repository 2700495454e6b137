package dev.billing.payment;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.Role;
import dev.billing.events.billing.BillTo;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.support.events.EventJson;
import dev.billing.support.security.Signatures;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Paying online through the portal's API and the sandbox provider's hosted page, on real Kafka and PostgreSQL: the
 * checkout, the test cards, the signed callback (and a forged or repeated one), the reconciliation of a lost one,
 * and that a portal token reaches only its own customer.
 */
@IntegrationTest
class CheckoutIT {
    private static final String RETURN = "http://localhost:8080/p/some-link/done";
    @Value("${local.server.port}")
    int port;
    @Value("${payment.sandbox.webhook-secret}")
    String sandboxSecret;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ObservationRegistry observations;
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

    private UUID issued(UUID customer, String number, LocalDate due, String currency, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, due, currency, total,
                new BillTo("Ada Ajans", "ada@example.com", null, "tr", "Europe/Istanbul"));
    }

    private JsonNode startCheckout(UUID customer, String currency) {
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", currency, "returnUrl", RETURN)));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json();
    }

    /** A checkout the customer started for their one new invoice (TRY, due 2027-03-01). */
    private UUID checkoutOfNewInvoice(UUID customer, String number, String total) {
        issued(customer, number, LocalDate.of(2027, 3, 1), "TRY", total);
        return UUID.fromString(startCheckout(customer, "TRY").get("checkoutId").asString());
    }

    /** The customer's browser on the sandbox's hosted page: the form posted with a test card. */
    private ApiClient.Response payWith(UUID checkout, String card) {
        return api.anonymous().send("POST", "/pay/sandbox/" + checkout, "application/x-www-form-urlencoded", "card=" + card);
    }

    private String status(UUID checkout) {
        return jdbc.sql("select status from checkout where id = :id").param("id", checkout).query(String.class).single();
    }

    @Test
    void aCustomerPaysAllTheirOpenInvoicesAtOnceAndEachGetsItsPaymentOldestDueFirst() {
        UUID customer = UUID.randomUUID();
        UUID older = issued(customer, "INV-2027-000101", LocalDate.of(2027, 2, 15), "TRY", "1200.00");
        UUID newer = issued(customer, "INV-2027-000102", LocalDate.of(2027, 3, 15), "TRY", "300.50");
        issued(customer, "INV-2027-000103", LocalDate.of(2027, 3, 15), "EUR", "99.00");
        JsonNode open = api.withToken(TestTokens.customer(customer)).get("/api/portal/invoices").json();
        assertThat(open.valueStream().map(i -> i.get("number").asString()).toList())
                .containsExactly("INV-2027-000101", "INV-2027-000102", "INV-2027-000103");

        JsonNode checkout = startCheckout(customer, "TRY");
        assertThat(checkout.get("amount").asString()).isEqualTo("1500.50");
        UUID checkoutId = UUID.fromString(checkout.get("checkoutId").asString());
        assertThat(checkout.get("redirectUrl").asString()).isEqualTo("http://localhost:8080/pay/sandbox/" + checkoutId);
        ApiClient.Response page = api.anonymous().get("/pay/sandbox/" + checkoutId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("1500.50 TRY").contains("4242 4242 4242 4242");

        ApiClient.Response paid = payWith(checkoutId, "4242+4242+4242+4242");
        assertThat(paid.status()).isEqualTo(303);
        assertThat(paid.header("Location")).isEqualTo(RETURN + "?checkout=" + checkoutId);
        List<ConsumerRecord<String, String>> received = kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 2, Duration.ofSeconds(10));
        List<PaymentReceived> payments = received.stream().map(r -> EventJson.mapper().readValue(r.value(), PaymentReceived.class)).toList();
        assertThat(payments).extracting(PaymentReceived::invoiceId).containsExactly(older, newer);
        assertThat(payments).extracting(p -> p.amount().toPlainString()).containsExactly("1200.00", "300.50");
        assertThat(payments).allSatisfy(p -> {
            assertThat(p.method()).isEqualTo("CARD");
            assertThat(p.provider()).isEqualTo("sandbox");
            assertThat(p.providerReference()).startsWith("sbx_").isEqualTo(payments.get(0).providerReference());
        });
        assertThat(status(checkoutId)).isEqualTo("PAID");
        assertThat(api.withToken(TestTokens.customer(customer)).get("/api/portal/checkouts/" + checkoutId).json().get("status").asString())
                .isEqualTo("PAID");
        // the page again, or the form once more: nothing is charged twice
        assertThat(payWith(checkoutId, "4242424242424242").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from payment where provider_reference = :ref").param("ref", payments.get(0).providerReference())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aDeclinedCardIsPaymentFailedAndAConfirmationStepIsAskedBeforeThePayment() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-000201", LocalDate.of(2027, 3, 1), "EUR", "50.00");
        UUID declined = UUID.fromString(startCheckout(customer, "EUR").get("checkoutId").asString());
        assertThat(payWith(declined, "4000000000000002").status()).isEqualTo(303);
        PaymentFailed failed = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_FAILED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentFailed.class);
        assertThat(failed.reason()).isEqualTo("card declined");
        assertThat(status(declined)).isEqualTo("FAILED");

        UUID confirmed = UUID.fromString(startCheckout(customer, "EUR").get("checkoutId").asString());
        ApiClient.Response asked = payWith(confirmed, "4000000000003220");
        assertThat(asked.header("Location")).isEqualTo("/pay/sandbox/" + confirmed + "/confirm");
        assertThat(status(confirmed)).as("nothing decided before the confirmation").isEqualTo("OPEN");
        assertThat(api.anonymous().send("POST", "/pay/sandbox/" + confirmed + "/confirm", "application/x-www-form-urlencoded",
                "decision=confirm").status()).isEqualTo(303);
        assertThat(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type()).and(r -> r.key().equals(customer.toString())), 1,
                Duration.ofSeconds(10))).hasSize(1);
        assertThat(payWith(confirmed, "1234").status()).as("decided: the page says so").isEqualTo(200);
        assertThat(api.anonymous().get("/pay/sandbox/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aSecondPaymentOfTheSameInvoiceWhileOneIsUnderWayIsRefusedSoNoCardIsChargedTwice() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-000351", LocalDate.of(2027, 3, 1), "EUR", "40.00");
        UUID first = UUID.fromString(startCheckout(customer, "EUR").get("checkoutId").asString());
        ApiClient.Response again = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", "EUR", "returnUrl", RETURN)));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("field").asString()).isEqualTo("invoiceIds");
        assertThat(jdbc.sql("select count(*) from checkout where customer_id = :c").param("c", customer).query(Long.class).single())
                .isEqualTo(1);
        // once the first is decided (declined here), the customer may try again
        payWith(first, "4000000000000002");
        assertThat(startCheckout(customer, "EUR").get("amount").asString()).isEqualTo("40.00");
    }

    @Test
    void aCallbackIsTrustedOnlyWhenItsSignatureVerifiesAndCountsOnce() {
        UUID customer = UUID.randomUUID();
        UUID checkout = checkoutOfNewInvoice(customer, "INV-2027-000301", "10.00");
        String body = succeeded(checkout, "sbx_forged");
        double refusedBefore = meters.counter("payments.webhooks.refused", "provider", "sandbox").count();

        ApiClient.Response forged = callback(body, HexFormat.of().formatHex(Signatures.hmacSha256("guessed-secret", body.getBytes(StandardCharsets.UTF_8))));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(callback(body, null).status()).isEqualTo(403);
        assertThat(meters.counter("payments.webhooks.refused", "provider", "sandbox").count()).isEqualTo(refusedBefore + 2);
        assertThat(status(checkout)).isEqualTo("OPEN");

        String signature = signed(body);
        ApiClient.Response accepted = callback(body, signature);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("OK");
        assertThat(callback(body, signature).status()).as("the same callback again is answered, and changes nothing").isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from payment where provider_reference = 'sbx_forged'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCallbackCarryingAnAuthorizationHeaderOfItsOwnIsJudgedByItsSignature() {
        UUID customer = UUID.randomUUID();
        UUID checkout = checkoutOfNewInvoice(customer, "INV-2027-000311", "10.00");
        String body = succeeded(checkout, "sbx_own_header");

        // a provider may send a header of its own, or a proxy may add one: it is no token of ours, and neither refuses
        // a callback nor stands in for its signature
        String ownHeader = "Bearer provider-delivery-credential";
        assertThat(callback(body, signed("{}"), ownHeader).status()).isEqualTo(403);
        assertThat(status(checkout)).isEqualTo("OPEN");
        ApiClient.Response accepted = callback(body, signed(body), ownHeader);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(status(checkout)).isEqualTo("PAID");
    }

    @Test
    void requestsAreObservedAsRequestsWithoutAnObservationPerSecurityFilter() {
        UUID customer = UUID.randomUUID();
        UUID checkout = checkoutOfNewInvoice(customer, "INV-2027-000321", "10.00");
        String body = succeeded(checkout, "sbx_observed");
        List<String> observed = new CopyOnWriteArrayList<>();
        AtomicBoolean recording = new AtomicBoolean(true);
        // the context is shared by the module's tests: the handler stays registered, and records only here
        observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return recording.get();
            }

            @Override
            public void onStart(Observation.Context context) {
                observed.add(context.getName());
            }
        });
        try {
            assertThat(callback(body, signed(body)).status()).isEqualTo(200);
            assertThat(api.withToken(TestTokens.of(Role.ACCOUNTANT)).get("/api/payments?customerId=" + customer).status()).isEqualTo(200);
        } finally {
            recording.set(false);
        }

        assertThat(observed).contains("http.server.requests");
        assertThat(observed).noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void moneyTheProviderTookAfterTheCheckoutWasGivenUpIsStillRecorded() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-000361", LocalDate.of(2027, 3, 1), "TRY", "15.00");
        UUID checkout = UUID.fromString(startCheckout(customer, "TRY").get("checkoutId").asString());
        // the reconciliation gave it up (the provider knew no payment), then the provider's callback comes after all
        jdbc.sql("update checkout set status = 'FAILED', failure = 'abandoned', completed_at = now() where id = :id").param("id", checkout).update();
        String body = succeeded(checkout, "sbx_late");
        assertThat(callback(body, signed(body)).status()).isEqualTo(200);
        assertThat(status(checkout)).isEqualTo("PAID");
        PaymentReceived payment = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentReceived.class);
        assertThat(payment.invoiceId()).isEqualTo(invoice);
        assertThat(payment.providerReference()).isEqualTo("sbx_late");
    }

    /** The sandbox's callback of a paid checkout, as it sends it. */
    private static String succeeded(UUID checkout, String transactionId) {
        return "{\"checkoutId\":\"" + checkout + "\",\"transactionId\":\"" + transactionId + "\",\"status\":\"SUCCEEDED\",\"reason\":null}";
    }

    /** The sandbox's signature of a callback, with this run's webhook secret. */
    private String signed(String body) {
        return HexFormat.of().formatHex(Signatures.hmacSha256(sandboxSecret, body.getBytes(StandardCharsets.UTF_8)));
    }

    private ApiClient.Response callback(String body, String signature) {
        return callback(body, signature, null);
    }

    private ApiClient.Response callback(String body, String signature, String authorization) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/webhooks/payments/sandbox"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Sandbox-Signature", signature);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.body(), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCheckoutWhoseCallbackNeverCameIsSettledByAskingTheProvider() {
        UUID customer = UUID.randomUUID();
        UUID checkout = checkoutOfNewInvoice(customer, "INV-2027-000401", "75.00");
        // the provider charged the card, and its callback was lost on the way
        jdbc.sql("insert into sandbox_charge (checkout_id, transaction_id, status, card_last4, charged_at) values (:id, 'sbx_lost', "
                + "'SUCCEEDED', '4242', now())").param("id", checkout).update();
        Instant now = Instant.parse(api.get("/api/test-clock").json().get("now").asString());
        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now.plus(Duration.ofMinutes(4)).toString()))).status())
                .isEqualTo(200);
        assertThat(status(checkout)).as("not yet: a callback may still come").isEqualTo("OPEN");

        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now.plus(Duration.ofMinutes(6)).toString()))).status())
                .isEqualTo(200);
        assertThat(Eventually.await(() -> status(checkout), "PAID"::equals, Duration.ofSeconds(15))).isEqualTo("PAID");
        PaymentReceived payment = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentReceived.class);
        assertThat(payment.providerReference()).isEqualTo("sbx_lost");
        assertThat(payment.amount()).isEqualByComparingTo("75.00");
    }

    @Test
    void oneReconciliationPassSettlesMoreLostCallbacksThanItsPageHolds() {
        UUID customer = UUID.randomUUID();
        Instant now = Instant.parse(api.get("/api/test-clock").json().get("now").asString());
        // 250 checkouts (pages of 100) whose provider charged the card and whose callbacks were all lost
        jdbc.sql("""
                        with c as (insert into checkout (id, customer_id, provider, currency, amount, status, return_url, created_at)
                                   select gen_random_uuid(), :customer, 'sandbox', 'TRY', 1.00, 'OPEN', 'http://localhost:8080/p/x/done', :at
                                   from generate_series(1, 250) returning id),
                             parts as (insert into checkout_invoice (checkout_id, invoice_id, position, amount)
                                       select id, gen_random_uuid(), 0, 1.00 from c returning checkout_id)
                        insert into sandbox_charge (checkout_id, transaction_id, status, card_last4, charged_at)
                        select checkout_id, 'sbx_bulk_' || checkout_id, 'SUCCEEDED', '4242', :at from parts""")
                .param("customer", customer).param("at", java.sql.Timestamp.from(now.minus(Duration.ofMinutes(10)))).update();

        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now.plus(Duration.ofSeconds(1)).toString()))).status())
                .isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from checkout where customer_id = :c and status = 'PAID'").param("c", customer)
                .query(Long.class).single()).as("all in one pass, each asked once").isEqualTo(250);
        assertThat(jdbc.sql("select count(*) from payment where customer_id = :c").param("c", customer).query(Long.class).single())
                .isEqualTo(250);
    }

    @Test
    void aPortalTokenReachesOnlyItsOwnCustomerAndOnlyThePortal() {
        UUID customer = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID mine = issued(customer, "INV-2027-000501", LocalDate.of(2027, 3, 1), "TRY", "20.00");
        UUID othersInvoice = issued(other, "INV-2027-000502", LocalDate.of(2027, 3, 1), "TRY", "30.00");
        UUID checkout = UUID.fromString(startCheckout(customer, "TRY").get("checkoutId").asString());
        ApiClient others = api.withToken(TestTokens.customer(other));

        assertThat(others.get("/api/portal/checkouts/" + checkout).status()).isEqualTo(404);
        assertThat(others.get("/api/portal/invoices").json().valueStream().map(i -> i.get("invoiceId").asString()).toList())
                .containsExactly(othersInvoice.toString());
        ApiClient.Response notTheirs = others.post("/api/portal/checkouts", ApiClient.json(Map.of("currency", "TRY",
                "invoiceIds", List.of(othersInvoice.toString(), mine.toString()), "returnUrl", RETURN)));
        assertThat(notTheirs.status()).as("another customer's invoice cannot be paid with this token").isEqualTo(422);
        assertThat(notTheirs.json().get("field").asString()).isEqualTo("invoiceIds");
        ApiClient.Response elsewhere = others.post("/api/portal/checkouts", ApiClient.json(Map.of("currency", "TRY",
                "returnUrl", "https://evil.example/p/x")));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().get("field").asString()).isEqualTo("returnUrl");
        assertThat(others.get("/api/payments?customerId=" + customer).status()).as("staff API: no portal token").isEqualTo(403);
        assertThat(api.as(Role.ADMIN).get("/api/portal/invoices").status()).as("portal: no staff token").isEqualTo(403);
        assertThat(api.anonymous().get("/api/portal/invoices").status()).isEqualTo(401);
    }
}
