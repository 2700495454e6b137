package dev.billing.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import dev.billing.payment.automatic.ChargingSavedCards;
import dev.billing.payment.automatic.DeletingEndedCards;
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
import java.time.ZoneId;
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
 * webhooks (repeated, forged, too old), an expired session, the status query of the reconciliation, refunds, and saved
 * cards: saved with the payment (the session read with its payment method), charged off-session under the attempt's
 * idempotency key, declined softly (tried again) or hard (the card blocked), a lost answer asked again with the same key.
 */
@IntegrationTest
class StripeIT {
    private static final String RETURN = "http://localhost:8080/p/some-link/done";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReconcilingRefunds retries;
    @Autowired
    Clock clock;
    @Autowired
    ChargingSavedCards charging;
    @Autowired
    DeletingEndedCards deleting;
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
                .containsEntry("customer_email", "ap@acme.example").containsEntry("success_url", RETURN + "?checkout=" + checkout)
                .as("saving no card: no customer, no future usage").doesNotContainKeys("customer_creation",
                        "payment_intent_data[setup_future_usage]");
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
        assertThat(announced.get(0).provider()).isEqualTo("stripe");
        assertThat(announced.get(0).method()).isEqualTo("CARD");
        assertThat(announced.get(0).providerReference()).as("decided by the retry: Stripe's refund").isEqualTo("re_3TestR1");

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
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString() + " " + e.provider() + " "
                + e.providerReference()).containsExactly("30.00 stripe re_3TestR2");
    }

    private LocalDate today() {
        return clock.instant().atZone(LONDON).toLocalDate();
    }

    private UUID issuedDue(UUID customer, String number, LocalDate due, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, due, "EUR", total,
                new BillTo("Acme Social Ltd.", "ap@acme.example", null, "en", "Europe/London"));
    }

    /** A paid session read with {@code expand[]=payment_intent.payment_method}, as Stripe answers it. */
    private static String expandedSession(String sessionId, UUID checkout, long amount, String intent, String stripeCustomer,
                                          String paymentMethod, String brand, String last4, int expMonth, int expYear) {
        return "{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"status\":\"complete\",\"payment_status\":\"paid\","
                + "\"amount_total\":" + amount + ",\"currency\":\"eur\",\"customer\":\"" + stripeCustomer + "\",\"customer_creation\":\"always\","
                + "\"metadata\":{\"checkout_id\":\"" + checkout + "\"},\"payment_intent\":{\"id\":\"" + intent + "\",\"object\":\"payment_intent\","
                + "\"status\":\"succeeded\",\"amount\":" + amount + ",\"currency\":\"eur\",\"customer\":\"" + stripeCustomer + "\","
                + "\"setup_future_usage\":\"off_session\",\"metadata\":{\"checkout_id\":\"" + checkout + "\"},"
                + "\"payment_method\":{\"id\":\"" + paymentMethod + "\",\"object\":\"payment_method\",\"type\":\"card\",\"customer\":\""
                + stripeCustomer + "\",\"card\":{\"brand\":\"" + brand + "\",\"last4\":\"" + last4 + "\",\"exp_month\":" + expMonth
                + ",\"exp_year\":" + expYear + ",\"funding\":\"credit\",\"country\":\"GB\"}}}}";
    }

    /**
     * The customer pays an invoice at Stripe and saves the card ({@code <stripeCustomer>/<paymentMethod>}, a Visa ending
     * 4242, expiring 12/2030), and invoice-service applies the payment; the saved card's id. The session is read with its
     * payment method because the checkout saves the card.
     */
    private String saveCardAtStripe(UUID customer, String number, String sessionId, String stripeCustomer, String paymentMethod)
            throws Exception {
        UUID invoice = issuedDue(customer, number, today().plusDays(30), "10.00");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"status\":\"open\",\"payment_status\":\"unpaid\","
                        + "\"url\":\"https://checkout.stripe.com/c/pay/" + sessionId + "\"}")));
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts", ApiClient.json(Map.of(
                "currency", "EUR", "invoiceIds", List.of(invoice.toString()), "returnUrl", RETURN, "provider", "stripe", "saveCard", true)));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        UUID checkout = UUID.fromString(started.json().get("checkoutId").asString());
        StripeStandIn.stripe().stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + sessionId))
                .withQueryParam("expand[]", equalTo("payment_intent.payment_method")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(expandedSession(sessionId, checkout, 1000,
                                "pi_3Save" + sessionId, stripeCustomer, paymentMethod, "visa", "4242", 12, 2030))));
        String completed = sessionEvent("checkout.session.completed", checkout, sessionId, "complete", "paid", 1000, "eur");
        assertThat(webhook(completed, signature(completed, Instant.now().getEpochSecond(), StripeStandIn.WEBHOOK_SECRET)).statusCode())
                .isEqualTo(200);
        String card = Eventually.await(() -> jdbc.sql("select id::text from saved_card where customer_id = :c and status = 'ACTIVE'")
                .param("c", customer).query(String.class).optional().orElse(""), id -> !id.isEmpty(), Duration.ofSeconds(10));
        jdbc.sql("update invoice_copy set status = 'PAID', open_amount = 0 where invoice_id = :id").param("id", invoice).update();
        return card;
    }

    private String chargeStatus(UUID invoice) {
        return jdbc.sql("select status from automatic_charge where invoice_id = :id").param("id", invoice).query(String.class)
                .optional().orElse("NONE");
    }

    private String attemptKey(UUID invoice) {
        return jdbc.sql("select attempt_key::text from automatic_charge where invoice_id = :id").param("id", invoice).query(String.class)
                .single();
    }

    /** The events about {@code invoice} of type {@code type} in the outbox (published with the change, or about to be). */
    private List<String> announced(String type, UUID invoice) {
        return jdbc.sql("select payload from outbox_event where event_type = :type and payload like :invoice order by id")
                .param("type", type).param("invoice", "%" + invoice + "%").query(String.class).list();
    }

    private static String intent(String id, String status, long amount) {
        return "{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"status\":\"" + status + "\",\"amount\":" + amount
                + ",\"currency\":\"eur\"}";
    }

    /** Stripe's 402 for a declined card: {@code declineCode} null is an error with only its {@code code} (expired_card, ...). */
    private static String cardError(String code, String declineCode, String message, String intent) {
        return "{\"error\":{\"type\":\"card_error\",\"code\":\"" + code + "\","
                + (declineCode == null ? "" : "\"decline_code\":\"" + declineCode + "\",") + "\"message\":\"" + message + "\","
                + "\"doc_url\":\"https://stripe.com/docs/error-codes/" + code + "\",\"payment_intent\":{\"id\":\"" + intent
                + "\",\"object\":\"payment_intent\",\"status\":\"requires_payment_method\"}}}";
    }

    @Test
    void aCardSavedWhilePayingAtStripeIsKeptAsItsCustomerAndPaymentMethodAndShownMasked() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issuedDue(customer, "INV-2027-002101", today().plusDays(30), "60.00");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"cs_test_s1\",\"object\":\"checkout.session\","
                        + "\"status\":\"open\",\"url\":\"https://checkout.stripe.com/c/pay/cs_test_s1\"}")));
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts", ApiClient.json(Map.of(
                "currency", "EUR", "invoiceIds", List.of(invoice.toString()), "returnUrl", RETURN, "provider", "stripe", "saveCard", true)));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        UUID checkout = UUID.fromString(started.json().get("checkoutId").asString());
        assertThat(form(StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).get(0).getBodyAsString()))
                .containsEntry("mode", "payment").containsEntry("customer_creation", "always")
                .containsEntry("payment_intent_data[setup_future_usage]", "off_session")
                .containsEntry("payment_intent_data[metadata][checkout_id]", checkout.toString());

        // Stripe cannot be asked for the card: the event is not taken alone, Stripe is asked to send it again
        String completed = sessionEvent("checkout.session.completed", checkout, "cs_test_s1", "complete", "paid", 6000, "eur");
        assertThat(webhook(completed, signature(completed, Instant.now().getEpochSecond(), StripeStandIn.WEBHOOK_SECRET)).statusCode())
                .isEqualTo(503);
        assertThat(status(checkout)).isEqualTo("OPEN");

        StripeStandIn.stripe().stubFor(get(urlPathEqualTo("/v1/checkout/sessions/cs_test_s1"))
                .withQueryParam("expand[]", equalTo("payment_intent.payment_method")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(expandedSession("cs_test_s1", checkout, 6000,
                                "pi_3SaveS1", "cus_TestS1", "pm_1TestS1", "mastercard", "4444", 2, 2031))));
        assertThat(webhook(completed, signature(completed, Instant.now().getEpochSecond(), StripeStandIn.WEBHOOK_SECRET)).statusCode())
                .isEqualTo(200);

        assertThat(status(checkout)).isEqualTo("PAID");
        Map<String, Object> card = jdbc.sql("select provider, provider_token, brand, last4, expires_on, status, checkout_id from saved_card "
                + "where customer_id = :c").param("c", customer).query().singleRow();
        assertThat(card).containsEntry("provider", "stripe").containsEntry("provider_token", "cus_TestS1/pm_1TestS1")
                .containsEntry("brand", "MASTERCARD").containsEntry("last4", "4444").containsEntry("status", "ACTIVE")
                .containsEntry("checkout_id", checkout);
        assertThat(card.get("expires_on").toString()).as("the last day of 02/2031").isEqualTo("2031-02-28");
        JsonNode shown = api.get("/api/payments/saved-cards?customerId=" + customer).json();
        assertThat(shown.get(0).get("maskedNumber").asString()).isEqualTo("**** **** **** 4444");
        assertThat(shown.get(0).get("brand").asString()).isEqualTo("MASTERCARD");
        assertThat(shown.get(0).get("expiresOn").asString()).isEqualTo("2031-02-28");
        assertThat(shown.toString()).doesNotContain("pm_1TestS1").doesNotContain("cus_TestS1");
        assertThat(api.get("/api/payments?invoiceId=" + invoice).json().get(0).get("providerReference").asString())
                .as("decided by the session Stripe was asked for").isEqualTo("pi_3SaveS1");
        jdbc.sql("update invoice_copy set status = 'PAID', open_amount = 0 where invoice_id = :id").param("id", invoice).update();
    }

    @Test
    void aSavedCardIsChargedOffSessionAtStripeWithTheAttemptsIdempotencyKey() throws Exception {
        UUID customer = UUID.randomUUID();
        saveCardAtStripe(customer, "INV-2027-002201", "cs_test_s2", "cus_TestS2", "pm_1TestS2");
        UUID invoice = issuedDue(customer, "INV-2027-002202", today(), "250.00");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(intent("pi_3AutoS2", "succeeded", 25000))));

        charging.runDueWork(clock.instant());

        assertThat(chargeStatus(invoice)).isEqualTo("PAID");
        List<PaymentReceived> payments = announced(EventCatalog.PAYMENT_RECEIVED.type(), invoice).stream()
                .map(json -> EventJson.mapper().readValue(json, PaymentReceived.class)).toList();
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).amount()).isEqualByComparingTo("250.00");
        assertThat(payments.get(0).method()).isEqualTo("CARD");
        assertThat(payments.get(0).provider()).isEqualTo("stripe");
        assertThat(payments.get(0).providerReference()).isEqualTo("pi_3AutoS2");
        List<LoggedRequest> requests = StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);
        assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo("charge-" + attemptKey(invoice));
        assertThat(form(requests.get(0).getBodyAsString())).containsEntry("amount", "25000").containsEntry("currency", "eur")
                .containsEntry("customer", "cus_TestS2").containsEntry("payment_method", "pm_1TestS2").containsEntry("off_session", "true")
                .containsEntry("confirm", "true").containsEntry("payment_method_types[0]", "card")
                .containsEntry("metadata[attempt_key]", attemptKey(invoice)).containsEntry("description", "Invoice INV-2027-002202");

        charging.runDueWork(clock.instant());
        assertThat(StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))).as("paid: not charged again").hasSize(1);
    }

    @Test
    void aSoftDeclineAtStripeIsTriedAgainLaterAndA5xxIsAskedAgainWithTheSameKey() throws Exception {
        UUID customer = UUID.randomUUID();
        String card = saveCardAtStripe(customer, "INV-2027-002301", "cs_test_s3", "cus_TestS3", "pm_1TestS3");
        UUID poor = issuedDue(customer, "INV-2027-002302", today(), "30.00");
        UUID authenticate = issuedDue(customer, "INV-2027-002303", today(), "45.00");
        // the first answer about the 30.00 is Stripe's 500 (no outcome: asked again), the second its decline
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("amount=3000"))
                .inScenario("soft").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong on Stripe's end.\"}}"))
                .willSetStateTo("answered"));
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("amount=3000"))
                .inScenario("soft").whenScenarioStateIs("answered").willReturn(aResponse().withStatus(402)
                        .withHeader("Content-Type", "application/json")
                        .withBody(cardError("card_declined", "insufficient_funds", "Your card has insufficient funds.", "pi_3PoorS3"))));
        // the bank asks for 3-D Secure, which needs the customer
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("amount=4500"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(intent("pi_3AuthS3", "requires_action", 4500))));

        charging.runDueWork(clock.instant());
        assertThat(chargeStatus(poor)).as("Stripe's 500 is no answer").isEqualTo("CHARGING");
        assertThat(announced(EventCatalog.PAYMENT_FAILED.type(), poor)).isEmpty();
        assertThat(announced(EventCatalog.PAYMENT_RECEIVED.type(), poor)).isEmpty();
        charging.runDueWork(clock.instant());

        List<LoggedRequest> asked = StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing("amount=3000")));
        assertThat(asked).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("charge-" + attemptKey(poor));
        PaymentFailed declined = EventJson.mapper().readValue(announced(EventCatalog.PAYMENT_FAILED.type(), poor).get(0), PaymentFailed.class);
        assertThat(declined.declineCode()).isEqualTo("insufficient_funds");
        assertThat(declined.reason()).isEqualTo("Your card has insufficient funds.");
        assertThat(declined.provider()).isEqualTo("stripe");
        assertThat(declined.nextAttemptOn()).as("tried again on day 1").isEqualTo(today().plusDays(1));
        assertThat(chargeStatus(poor)).isEqualTo("SCHEDULED");
        PaymentFailed unauthenticated = EventJson.mapper().readValue(announced(EventCatalog.PAYMENT_FAILED.type(), authenticate).get(0),
                PaymentFailed.class);
        assertThat(unauthenticated.declineCode()).isEqualTo("authentication_required");
        assertThat(unauthenticated.nextAttemptOn()).isEqualTo(today().plusDays(1));
        assertThat(chargeStatus(authenticate)).isEqualTo("SCHEDULED");
        assertThat(api.get("/api/payments/saved-cards?customerId=" + customer).json().get(0).get("status").asString())
                .as("a soft decline leaves the card").isEqualTo("ACTIVE");

        // the customer stops automatic payments: nothing waits for Stripe any more
        assertThat(api.withToken(TestTokens.customer(customer)).send("DELETE", "/api/portal/saved-cards/" + card, "application/json", "")
                .status()).isEqualTo(204);
        assertThat(chargeStatus(poor)).isEqualTo("STOPPED");
    }

    @Test
    void aHardDeclineAtStripeBlocksTheCardWhetherStripeNamesItByDeclineCodeOrByCode() throws Exception {
        UUID stolen = UUID.randomUUID();
        saveCardAtStripe(stolen, "INV-2027-002401", "cs_test_s4", "cus_TestS4", "pm_1TestS4");
        UUID expired = UUID.randomUUID();
        saveCardAtStripe(expired, "INV-2027-002411", "cs_test_s5", "cus_TestS5", "pm_1TestS5");
        UUID first = issuedDue(stolen, "INV-2027-002402", today(), "70.00");
        UUID second = issuedDue(expired, "INV-2027-002412", today(), "80.00");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("customer=cus_TestS4"))
                .willReturn(aResponse().withStatus(402).withHeader("Content-Type", "application/json")
                        .withBody(cardError("card_declined", "stolen_card", "Your card was declined.", "pi_3StolenS4"))));
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("customer=cus_TestS5"))
                .willReturn(aResponse().withStatus(402).withHeader("Content-Type", "application/json")
                        .withBody(cardError("expired_card", null, "Your card has expired.", "pi_3ExpiredS5"))));

        charging.runDueWork(clock.instant());

        for (Map.Entry<UUID, String> declined : Map.of(first, "stolen_card", second, "expired_card").entrySet()) {
            PaymentFailed failed = EventJson.mapper().readValue(announced(EventCatalog.PAYMENT_FAILED.type(), declined.getKey()).get(0),
                    PaymentFailed.class);
            assertThat(failed.declineCode()).isEqualTo(declined.getValue());
            assertThat(failed.nextAttemptOn()).as("a hard decline is not tried again").isNull();
            assertThat(chargeStatus(declined.getKey())).isEqualTo("HARD_DECLINED");
        }
        for (UUID customer : List.of(stolen, expired)) {
            assertThat(api.get("/api/payments/saved-cards?customerId=" + customer).json().get(0).get("status").asString())
                    .isEqualTo("BLOCKED");
        }
    }

    private void removeInPortal(UUID customer, String card) {
        assertThat(api.withToken(TestTokens.customer(customer)).send("DELETE", "/api/portal/saved-cards/" + card, "application/json", "")
                .status()).isEqualTo(204);
    }

    /** What staff see of the customer's (one) card at Stripe: "deleted", Stripe's reason for refusing, or "kept". */
    private String deletionAtProvider(UUID customer) {
        JsonNode card = api.get("/api/payments/saved-cards?customerId=" + customer).json().get(0);
        return !card.get("deletedAtProvider").isNull() ? "deleted" : card.get("providerDeletionRefused").asString("kept");
    }

    private static String paymentMethod(String id, String customer) {
        return "{\"id\":\"" + id + "\",\"object\":\"payment_method\",\"type\":\"card\",\"customer\":"
                + (customer == null ? "null" : "\"" + customer + "\"") + ",\"card\":{\"brand\":\"visa\",\"last4\":\"4242\"}}";
    }

    private static String invalidRequest(String message) {
        return "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void aRemovedCardIsDetachedAtStripeAfterA5xxAndA400IsReadBackFromThePaymentMethod() throws Exception {
        UUID customer = UUID.randomUUID();
        String retried = saveCardAtStripe(customer, "INV-2027-002701", "cs_test_s7", "cus_TestS7", "pm_1TestS7");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_methods/pm_1TestS7/detach")).inScenario("detach")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong on Stripe's end.\"}}"))
                .willSetStateTo("up"));
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_methods/pm_1TestS7/detach")).inScenario("detach")
                .whenScenarioStateIs("up").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(paymentMethod("pm_1TestS7", null))));
        // detached by a call whose answer was lost: Stripe refuses to detach it again, and the PaymentMethod names no customer
        UUID second = UUID.randomUUID();
        String detachedBefore = saveCardAtStripe(second, "INV-2027-002801", "cs_test_s8", "cus_TestS8", "pm_1TestS8");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_methods/pm_1TestS8/detach")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(invalidRequest(
                        "The payment method you provided is not attached to a customer so detachment is impossible."))));
        StripeStandIn.stripe().stubFor(get(urlEqualTo("/v1/payment_methods/pm_1TestS8")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(paymentMethod("pm_1TestS8", null))));
        // Stripe refuses and still keeps the PaymentMethod on its customer
        UUID third = UUID.randomUUID();
        String refused = saveCardAtStripe(third, "INV-2027-002901", "cs_test_s9", "cus_TestS9", "pm_1TestS9");
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_methods/pm_1TestS9/detach")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(invalidRequest("This PaymentMethod cannot be detached."))));
        StripeStandIn.stripe().stubFor(get(urlEqualTo("/v1/payment_methods/pm_1TestS9")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(paymentMethod("pm_1TestS9", "cus_TestS9"))));
        removeInPortal(customer, retried);
        removeInPortal(second, detachedBefore);
        removeInPortal(third, refused);

        // two passes (a scheduled one may come between): the first answer about pm_1TestS7 is Stripe's 500, which is
        // no answer and holds back Stripe's other cards for that pass; the next pass asks again
        deleting.runDueWork(clock.instant());
        deleting.runDueWork(clock.instant());

        assertThat(deletionAtProvider(customer)).isEqualTo("deleted");
        assertThat(deletionAtProvider(second)).isEqualTo("deleted");
        assertThat(deletionAtProvider(third)).isEqualTo("This PaymentMethod cannot be detached.");
        List<LoggedRequest> detaches = StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_methods/pm_1TestS7/detach")));
        assertThat(detaches).as("asked again after the 500").hasSize(2).extracting(r -> r.getHeader("Authorization"))
                .containsOnly("Bearer " + StripeStandIn.SECRET_KEY);
        deleting.runDueWork(clock.instant());
        assertThat(StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_methods/pm_1TestS7/detach"))))
                .as("deleted once").hasSize(2);
        assertThat(StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_methods/pm_1TestS9/detach"))))
                .as("a refusal is not asked again").hasSize(1);
    }

    @Test
    void aChargeWhoseAnswerWasLostInATimeoutIsAskedAgainWithTheSameIdempotencyKeyAndRecordedOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        saveCardAtStripe(customer, "INV-2027-002501", "cs_test_s6", "cus_TestS6", "pm_1TestS6");
        UUID invoice = issuedDue(customer, "INV-2027-002502", today(), "99.00");
        // Stripe charged the card the first time, but answered after the read timeout (2 s here); a replayed key repeats it
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000).withHeader("Content-Type", "application/json")
                        .withBody(intent("pi_3LostS6", "succeeded", 9900)))
                .willSetStateTo("charged"));
        StripeStandIn.stripe().stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("lost").whenScenarioStateIs("charged")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(intent("pi_3LostS6", "succeeded", 9900))));

        charging.runDueWork(clock.instant());
        assertThat(chargeStatus(invoice)).as("no answer: the attempt waits under its key").isEqualTo("CHARGING");
        assertThat(announced(EventCatalog.PAYMENT_RECEIVED.type(), invoice)).isEmpty();
        String key = attemptKey(invoice);

        charging.runDueWork(clock.instant());
        assertThat(chargeStatus(invoice)).isEqualTo("PAID");
        List<LoggedRequest> requests = StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(requests).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("charge-" + key);
        assertThat(requests).extracting(r -> form(r.getBodyAsString())).as("the same request again").allSatisfy(f ->
                assertThat(f).containsEntry("amount", "9900").containsEntry("metadata[attempt_key]", key));
        List<String> payments = announced(EventCatalog.PAYMENT_RECEIVED.type(), invoice);
        assertThat(payments).hasSize(1);
        assertThat(EventJson.mapper().readValue(payments.get(0), PaymentReceived.class).providerReference()).isEqualTo("pi_3LostS6");
        charging.runDueWork(clock.instant());
        assertThat(StripeStandIn.stripe().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))).hasSize(2);
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
