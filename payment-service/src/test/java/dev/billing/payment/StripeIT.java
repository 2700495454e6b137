package dev.billing.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.payment.payment.ReconcilingRefunds;
import dev.billing.support.events.EventJson;
import dev.billing.support.security.Signatures;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Stripe Checkout through {@code Stripe}, with WireMock answering as Stripe's API does: the session request, signed
 * webhooks (repeated, forged, too old), an expired session, and the status query of the reconciliation.
 */
@IntegrationTest
class StripeIT {
    private static final String RETURN = "http://localhost:8080/p/some-link/done";
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReconcilingRefunds retries;
    @Autowired
    Clock clock;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.PAYMENT);
        StripeStandIn.stripe().resetAll();
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private UUID issued(UUID customer, String number, String currency, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, LocalDate.of(2027, 3, 1), currency, total,
                new BillTo("Acme Social Ltd.", "ap@acme.example", null, "en", "Europe/London"));
    }

    /** Stripe answers a session create as its API does: the session's id and the page's url. */
    private UUID startAtStripe(UUID customer, String currency, String sessionId) {
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"status\":\"open\",\"payment_status\":\"unpaid\","
                        + "\"url\":\"https://checkout.stripe.com/c/pay/" + sessionId + "\"}")));
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", currency, "returnUrl", RETURN, "provider", "stripe")));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().get("redirectUrl").asString()).isEqualTo("https://checkout.stripe.com/c/pay/" + sessionId);
        return UUID.fromString(started.json().get("checkoutId").asString());
    }

    private static String signature(String payload, long timestamp, String secret) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(Signatures.hmacSha256(secret,
                (timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> webhook(String payload, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/payments/stripe"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionEvent(String type, UUID checkout, String sessionId, String status, String paymentStatus, long amountTotal,
                                       String currency) {
        return "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\",\"type\":\"" + type + "\","
                + "\"data\":{\"object\":{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"client_reference_id\":\"" + checkout
                + "\",\"metadata\":{\"checkout_id\":\"" + checkout + "\"},\"status\":\"" + status + "\",\"payment_status\":\"" + paymentStatus
                + "\",\"amount_total\":" + amountTotal + ",\"currency\":\"" + currency + "\",\"payment_intent\":\"pi_3Test" + checkout.toString()
                .substring(0, 8) + "\"}}}";
    }

    private String status(UUID checkout) {
        return jdbc.sql("select status from checkout where id = :id").param("id", checkout).query(String.class).single();
    }

    @Test
    void theCheckoutSessionIsAskedForAsStripeDocumentsIt() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001101", "EUR", "1440.00");
        UUID checkout = startAtStripe(customer, "EUR", "cs_test_a1");

        LoggedRequest request = StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("checkout-" + checkout);
        assertThat(form(request.getBodyAsString())).containsEntry("mode", "payment").containsEntry("client_reference_id", checkout.toString())
                .containsEntry("metadata[checkout_id]", checkout.toString())
                .containsEntry("payment_intent_data[metadata][checkout_id]", checkout.toString())
                .containsEntry("line_items[0][price_data][currency]", "eur").containsEntry("line_items[0][price_data][unit_amount]", "144000")
                .containsEntry("line_items[0][price_data][product_data][name]", "Invoice INV-2027-001101")
                .containsEntry("customer_email", "ap@acme.example").containsEntry("success_url", RETURN + "?checkout=" + checkout);
        assertThat(jdbc.sql("select session_id from stripe_session where checkout_id = :id").param("id", checkout).query(String.class).single())
                .isEqualTo("cs_test_a1");
    }

    @Test
    void aSignedCompletedSessionIsThePaymentOnceAndAForgedOrStaleOneIsRefused() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001201", "EUR", "99.50");
        UUID checkout = startAtStripe(customer, "EUR", "cs_test_b2");
        String completed = sessionEvent("checkout.session.completed", checkout, "cs_test_b2", "complete", "paid", 9950, "eur");
        long now = Instant.now().getEpochSecond();

        assertThat(webhook(completed, signature(completed, now, "whsec_guessed")).statusCode()).isEqualTo(400);
        assertThat(webhook(completed, null).statusCode()).isEqualTo(400);
        assertThat(webhook(completed, signature(completed, now - 301, StripeStandIn.WEBHOOK_SECRET)).statusCode())
                .as("older than Stripe's 5-minute tolerance: a replay").isEqualTo(400);
        assertThat(status(checkout)).isEqualTo("OPEN");

        assertThat(webhook(completed, signature(completed, now, StripeStandIn.WEBHOOK_SECRET)).statusCode()).isEqualTo(200);
        assertThat(webhook(completed, signature(completed, now, StripeStandIn.WEBHOOK_SECRET)).statusCode()).as("sent again").isEqualTo(200);
        assertThat(status(checkout)).isEqualTo("PAID");
        List<PaymentReceived> payments = kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type()).and(r -> r.key().equals(customer.toString())),
                1, Duration.ofSeconds(10)).stream().map(r -> EventJson.mapper().readValue(r.value(), PaymentReceived.class)).toList();
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).invoiceId()).isEqualTo(invoice);
        assertThat(payments.get(0).amount()).isEqualByComparingTo("99.50");
        assertThat(payments.get(0).provider()).isEqualTo("stripe");
        assertThat(payments.get(0).providerReference()).startsWith("pi_3Test");
        assertThat(jdbc.sql("select count(*) from payment where provider = 'stripe' and customer_id = :c").param("c", customer)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anExpiredSessionIsPaymentFailed() throws Exception {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001301", "GBP", "20.00");
        UUID checkout = startAtStripe(customer, "GBP", "cs_test_c3");
        String expired = sessionEvent("checkout.session.expired", checkout, "cs_test_c3", "expired", "unpaid", 2000, "gbp");
        assertThat(webhook(expired, signature(expired, Instant.now().getEpochSecond(), StripeStandIn.WEBHOOK_SECRET)).statusCode()).isEqualTo(200);
        PaymentFailed failed = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_FAILED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentFailed.class);
        assertThat(failed.reason()).isEqualTo("the Stripe Checkout Session expired");
        assertThat(status(checkout)).isEqualTo("FAILED");
    }

    @Test
    void aStripeCheckoutWhoseWebhookNeverCameIsSettledByAskingForItsSession() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001401", "EUR", "300.00");
        UUID checkout = startAtStripe(customer, "EUR", "cs_test_d4");
        StripeStandIn.stripe().stubFor(get(urlEqualTo("/v1/checkout/sessions/cs_test_d4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"cs_test_d4\",\"object\":\"checkout.session\","
                        + "\"status\":\"complete\",\"payment_status\":\"paid\",\"amount_total\":30000,\"currency\":\"eur\","
                        + "\"payment_intent\":\"pi_3Reconciled\",\"metadata\":{\"checkout_id\":\"" + checkout + "\"}}")));

        Instant now = Instant.parse(api.get("/api/test-clock").json().get("now").asString());
        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now.plus(Duration.ofMinutes(6)).toString()))).status()).isEqualTo(200);

        assertThat(Eventually.await(() -> status(checkout), "PAID"::equals, Duration.ofSeconds(15))).isEqualTo("PAID");
        PaymentReceived payment = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentReceived.class);
        assertThat(payment.providerReference()).isEqualTo("pi_3Reconciled");
    }

    /** A checkout paid at Stripe, as its signed webhook says: the invoice's payment, under the payment intent. */
    private String paidAtStripe(UUID customer, UUID invoice, String sessionId, long amount) throws Exception {
        UUID checkout = startAtStripe(customer, "EUR", sessionId);
        String completed = sessionEvent("checkout.session.completed", checkout, sessionId, "complete", "paid", amount, "eur");
        assertThat(webhook(completed, signature(completed, Instant.now().getEpochSecond(), StripeStandIn.WEBHOOK_SECRET)).statusCode())
                .isEqualTo(200);
        return ProviderRefunds.paymentOf(api, invoice);
    }

    private static String refundObject(String id, String status, long amount) {
        return "{\"id\":\"" + id + "\",\"object\":\"refund\",\"amount\":" + amount + ",\"currency\":\"eur\",\"status\":\"" + status
                + "\",\"payment_intent\":\"pi_3Test\"}";
    }

    @Test
    void aRefundStripeDoesNotAnswerInTimeStaysPendingAndIsAskedAgainWithTheSameIdempotencyKeyOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001901", "EUR", "200.00");
        String paymentId = paidAtStripe(customer, invoice, "cs_test_r1", 20000);
        String intent = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        // the first time Stripe takes longer than the read timeout (2 s here): its answer is lost; the second is in time
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/refunds")).inScenario("refund").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000).withHeader("Content-Type", "application/json")
                        .withBody(refundObject("re_3TestR1", "succeeded", 5000)))
                .willSetStateTo("made"));
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/refunds")).inScenario("refund").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(refundObject("re_3TestR1", "succeeded", 5000))));

        ApiClient.Response asked = ProviderRefunds.ask(api, paymentId, "50.00");

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        JsonNode pending = asked.json().get("refunds").get(0);
        assertThat(pending.get("status").asString()).isEqualTo("PENDING");
        assertThat(asked.json().get("refundable").asString()).as("a pending refund is not offered again").isEqualTo("150.00");
        assertThat(ProviderRefunds.announced(jdbc, customer)).as("no money back yet: the invoice stays paid").isEmpty();

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));

        JsonNode refund = ProviderRefunds.refundOf(api, paymentId);
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("providerReference").asString()).isEqualTo("re_3TestR1");
        List<LoggedRequest> requests = StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/refunds")));
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);
            assertThat(request.getHeader("Idempotency-Key")).isEqualTo("refund-" + pending.get("id").asString());
            assertThat(form(request.getBodyAsString())).containsEntry("payment_intent", intent).containsEntry("amount", "5000")
                    .containsEntry("metadata[refund_id]", pending.get("id").asString());
        });
        List<PaymentRefunded> announced = ProviderRefunds.announced(jdbc, customer);
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).amount()).isEqualByComparingTo("50.00");

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(20)));
        assertThat(StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/refunds")))).as("decided: not asked again").hasSize(2);
        assertThat(ProviderRefunds.announced(jdbc, customer)).hasSize(1);
    }

    @Test
    void aRefundStripeRefusesIsFailedWithStripesReasonAndAStillPendingOneIsReadBackByItsId() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-002001", "EUR", "80.00");
        String paymentId = paidAtStripe(customer, invoice, "cs_test_r2", 8000);
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"type\":\"invalid_request_error\","
                        + "\"code\":\"charge_already_refunded\",\"message\":\"Charge ch_3TestR2 has already been refunded.\"}}")));

        ApiClient.Response refused = ProviderRefunds.ask(api, paymentId, "80.00");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("field").asString()).isEqualTo("provider");
        assertThat(refused.json().get("detail").asString()).contains("stripe refused the refund: Charge ch_3TestR2 has already been refunded.");
        JsonNode failed = ProviderRefunds.refundOf(api, paymentId);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asString()).isEqualTo("Charge ch_3TestR2 has already been refunded. (charge_already_refunded)");
        assertThat(api.get("/api/payments/" + paymentId).json().get("refundable").asString()).isEqualTo("80.00");
        assertThat(ProviderRefunds.announced(jdbc, customer)).isEmpty();

        // accepted but not finished: pending under Stripe's id, then read back by it (a replayed key repeats the first answer)
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(refundObject("re_3TestR2", "pending", 3000))));
        StripeStandIn.stripe().stubFor(get(urlEqualTo("/v1/refunds/re_3TestR2")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(refundObject("re_3TestR2", "succeeded", 3000))));
        assertThat(ProviderRefunds.ask(api, paymentId, "30.00").status()).isEqualTo(202);
        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));
        assertThat(api.get("/api/payments/" + paymentId).json().get("refunds").valueStream()
                .map(r -> r.get("status").asString() + " " + r.get("providerReference").asString("")).toList())
                .containsExactlyInAnyOrder("FAILED ", "SUCCEEDED re_3TestR2");
        assertThat(StripeStandIn.stripe().findAll(getRequestedFor(urlEqualTo("/v1/refunds/re_3TestR2")))).hasSize(1);
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("30.00");
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
