package dev.billing.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.payment.automatic.ChargingSavedCards;
import dev.billing.payment.automatic.DeletingEndedCards;
import dev.billing.payment.payment.ReconcilingRefunds;
import dev.billing.payment.provider.Providers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import dev.billing.support.events.EventJson;
import dev.billing.support.security.Signatures;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import java.math.BigDecimal;
import java.net.URI;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * iyzico's Checkout Form through {@code Iyzico}, with WireMock answering as iyzico's API does: the IYZWSv2-signed
 * initialize, the browser's return and the webhook (forged, repeated, with a foreign token), CF-Retrieve deciding each,
 * instalment interest, a failure, and the reconciliation; refunds, and a refund whose answer was lost, looked up in
 * iyzico's transaction report before it is sent again; a card saved in the form, charged with {@code /payment/auth},
 * declined softly and hard, and a charge whose answer was lost, looked up by its conversation and made once.
 */
@IntegrationTest
class IyzicoIT {
    private static final String RETURN = "http://localhost:8080/p/some-link/done";
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReconcilingRefunds retries;
    @Autowired
    ChargingSavedCards charging;
    @Autowired
    DeletingEndedCards deleting;
    @Autowired
    Providers providers;
    @Autowired
    Clock clock;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.PAYMENT);
        IyzicoStandIn.iyzico().resetAll();
        // the cards other tests ended are deleted from iyzico's card storage in the background; iyzico answers that
        cardStorageAnswers("", 10, "{\"status\":\"success\",\"locale\":\"tr\",\"systemTime\":1764650000000}");
        // each test starts with iyzico's circuit breaker closed: the faults and timeouts some tests make on purpose must
        // not leave iyzico "unavailable" for the next
        breakers().circuitBreaker("iyzico").reset();
    }

    private CircuitBreakerRegistry breakers() {
        return (CircuitBreakerRegistry) ReflectionTestUtils.getField(providers, "breakers");
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    /** The IYZWSv2 authorization iyzico expects of {@code request} signed over {@code signed} (its path, and its body unless a GET). */
    private static String iyzWsV2(LoggedRequest request, String signed) {
        String rnd = request.getHeader("x-iyzi-rnd");
        String signature = HexFormat.of().formatHex(Signatures.hmacSha256(IyzicoStandIn.SECRET_KEY,
                (rnd + signed).getBytes(StandardCharsets.UTF_8)));
        return "IYZWSv2 " + Base64.getEncoder().encodeToString(("apiKey:" + IyzicoStandIn.API_KEY + "&randomKey:" + rnd + "&signature:"
                + signature).getBytes(StandardCharsets.UTF_8));
    }

    private UUID issued(UUID customer, String number, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, LocalDate.of(2027, 3, 1), "TRY", total,
                new BillTo("Deniz Yılmaz", "deniz@example.com.tr", "+905321234567", "tr", "Europe/Istanbul"));
    }

    private UUID startAtIyzico(UUID customer, String token) {
        return startAtIyzico(customer, token, false);
    }

    private UUID startAtIyzico(UUID customer, String token, boolean saveCard) {
        return startAtIyzico(customer, token, saveCard, List.of());
    }

    /** {@code invoiceIds}: the invoices to pay (none: all the customer's open ones). */
    private UUID startAtIyzico(UUID customer, String token, boolean saveCard, List<UUID> invoiceIds) {
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/iyzipos/checkoutform/initialize/auth/ecom")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"locale\":\"tr\","
                        + "\"token\":\"" + token + "\",\"tokenExpireTime\":1800,\"paymentPageUrl\":\"https://sandbox-cpp.iyzipay.com?token=" + token
                        + "&lang=tr\",\"checkoutFormContent\":\"<script></script>\"}")));
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", "TRY", "returnUrl", RETURN, "provider", "iyzico", "customerIp", "85.105.1.2",
                        "saveCard", saveCard, "invoiceIds", invoiceIds.stream().map(UUID::toString).toList())));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().get("redirectUrl").asString()).isEqualTo("https://sandbox-cpp.iyzipay.com?token=" + token + "&lang=tr");
        return UUID.fromString(started.json().get("checkoutId").asString());
    }

    /** CF-Retrieve answers for this token as iyzico does. */
    private static void retrieveAnswers(String token, UUID checkout, String paymentStatus, String paidPrice) {
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/iyzipos/checkoutform/auth/ecom/detail")).withRequestBody(containing(token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\","
                        + "\"paymentStatus\":\"" + paymentStatus + "\",\"paymentId\":\"2398" + Math.abs(token.hashCode()) + "\",\"price\":1200.5,"
                        + "\"paidPrice\":" + paidPrice + ",\"currency\":\"TRY\",\"basketId\":\"" + checkout + "\",\"conversationId\":\"" + checkout
                        + "\",\"token\":\"" + token + "\"" + (paymentStatus.equals("FAILURE") ? ",\"errorMessage\":\"Kart limiti yetersiz\""
                        : ",\"itemTransactions\":[{\"itemId\":\"" + checkout + "\",\"paymentTransactionId\":\"" + itemTransaction(token)
                        + "\",\"transactionStatus\":2,\"paidPrice\":" + paidPrice + "}]") + "}")));
    }

    /** The paymentTransactionId of the one basket item of the form with this token, as CF-Retrieve names it. */
    private static String itemTransaction(String token) {
        return "1128" + Math.abs(token.hashCode());
    }

    private HttpResponse<String> send(String path, String contentType, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String webhookSignature(String type, String paymentId, String token, UUID checkout, String status) {
        String data = IyzicoStandIn.SECRET_KEY + type + paymentId + token + checkout + status;
        return HexFormat.of().formatHex(Signatures.hmacSha256(IyzicoStandIn.SECRET_KEY, data.getBytes(StandardCharsets.UTF_8)));
    }

    private String status(UUID checkout) {
        return jdbc.sql("select status from checkout where id = :id").param("id", checkout).query(String.class).single();
    }

    @Test
    void theCheckoutFormIsInitializedWithAnIyzWsV2SignatureAndTheBuyer() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001501", "1200.50");
        UUID checkout = startAtIyzico(customer, "tok-init-1");

        LoggedRequest request = IyzicoStandIn.iyzico().findAll(postRequestedFor(urlEqualTo("/payment/iyzipos/checkoutform/initialize/auth/ecom"))).get(0);
        assertThat(request.getHeader("Authorization"))
                .isEqualTo(iyzWsV2(request, "/payment/iyzipos/checkoutform/initialize/auth/ecom" + request.getBodyAsString()));
        JsonNode body = EventJson.mapper().readTree(request.getBodyAsString());
        assertThat(body.get("conversationId").asString()).isEqualTo(checkout.toString());
        assertThat(body.get("price").asString()).isEqualTo("1200.50");
        assertThat(body.get("paidPrice").asString()).isEqualTo("1200.50");
        assertThat(body.get("currency").asString()).isEqualTo("TRY");
        assertThat(body.get("callbackUrl").asString()).isEqualTo("http://localhost:8080/webhooks/payments/iyzico/return?checkout=" + checkout);
        assertThat(body.get("buyer").get("email").asString()).isEqualTo("deniz@example.com.tr");
        assertThat(body.get("buyer").get("surname").asString()).isEqualTo("Yılmaz");
        assertThat(body.get("buyer").get("ip").asString()).isEqualTo("85.105.1.2");
        assertThat(body.get("enabledInstallments").size()).as("card instalments offered").isGreaterThan(1);
        assertThat(body.get("basketItems").get(0).get("price").asString()).isEqualTo("1200.50");
    }

    @Test
    void theBrowsersReturnIsDecidedByCfRetrieveAndInstalmentInterestIsNoCredit() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001601", "1200.50");
        UUID checkout = startAtIyzico(customer, "tok-return-2");
        retrieveAnswers("tok-return-2", checkout, "SUCCESS", "1236.52");

        HttpResponse<String> foreign = send("/webhooks/payments/iyzico/return?checkout=" + checkout, "application/x-www-form-urlencoded",
                "token=somebody-elses-token", Map.of());
        assertThat(foreign.statusCode()).isEqualTo(303);
        assertThat(status(checkout)).as("a token that is not the checkout's decides nothing").isEqualTo("OPEN");

        HttpResponse<String> back = send("/webhooks/payments/iyzico/return?checkout=" + checkout, "application/x-www-form-urlencoded",
                "token=tok-return-2", Map.of());
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).hasValue(RETURN + "?checkout=" + checkout);
        assertThat(status(checkout)).isEqualTo("PAID");
        PaymentReceived payment = EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0).value(), PaymentReceived.class);
        assertThat(payment.invoiceId()).isEqualTo(invoice);
        assertThat(payment.amount()).as("the invoice's amount, not what the instalments cost").isEqualByComparingTo("1200.50");
        assertThat(jdbc.sql("select collected_amount from checkout where id = :id").param("id", checkout).query(BigDecimal.class).single())
                .isEqualByComparingTo("1236.52");
    }

    @Test
    void aVerifiedWebhookIsDecidedOnceAndAForgedOneIsRefused() throws Exception {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001701", "80.00");
        UUID checkout = startAtIyzico(customer, "tok-hook-3");
        retrieveAnswers("tok-hook-3", checkout, "SUCCESS", "80.00");
        String event = "{\"paymentConversationId\":\"" + checkout + "\",\"merchantId\":3397,\"token\":\"tok-hook-3\",\"status\":\"SUCCESS\","
                + "\"iyziReferenceCode\":\"ref-1\",\"iyziEventType\":\"CHECKOUT_FORM_AUTH\",\"iyziEventTime\":1764650000000,\"iyziPaymentId\":23981}";

        HttpResponse<String> forged = send("/webhooks/payments/iyzico", "application/json", event,
                Map.of("X-IYZ-SIGNATURE-V3", webhookSignature("CHECKOUT_FORM_AUTH", "23981", "tok-hook-3", checkout, "FAILURE")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(status(checkout)).isEqualTo("OPEN");

        String signed = webhookSignature("CHECKOUT_FORM_AUTH", "23981", "tok-hook-3", checkout, "SUCCESS");
        assertThat(send("/webhooks/payments/iyzico", "application/json", event, Map.of("X-IYZ-SIGNATURE-V3", signed)).statusCode()).isEqualTo(200);
        assertThat(send("/webhooks/payments/iyzico", "application/json", event, Map.of("X-IYZ-SIGNATURE-V3", signed)).statusCode())
                .as("again").isEqualTo(200);
        assertThat(status(checkout)).isEqualTo("PAID");
        assertThat(jdbc.sql("select count(*) from payment where provider = 'iyzico' and customer_id = :c").param("c", customer)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSignedWebhookThatSaysSuccessRecordsNothingWhileCfRetrieveSaysOtherwise() throws Exception {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001751", "60.00");
        UUID checkout = startAtIyzico(customer, "tok-doubt-6");
        // iyzico itself: not paid (yet), and then paid but under its fraud team's review
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/iyzipos/checkoutform/auth/ecom/detail")).withRequestBody(containing("tok-doubt-6"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\","
                        + "\"paymentStatus\":\"INIT_THREEDS\",\"basketId\":\"" + checkout + "\",\"token\":\"tok-doubt-6\"}")));
        String event = "{\"paymentConversationId\":\"" + checkout + "\",\"token\":\"tok-doubt-6\",\"status\":\"SUCCESS\","
                + "\"iyziEventType\":\"CHECKOUT_FORM_AUTH\",\"iyziPaymentId\":23990}";
        String signed = webhookSignature("CHECKOUT_FORM_AUTH", "23990", "tok-doubt-6", checkout, "SUCCESS");
        assertThat(send("/webhooks/payments/iyzico", "application/json", event, Map.of("X-IYZ-SIGNATURE-V3", signed)).statusCode()).isEqualTo(200);
        assertThat(status(checkout)).as("the webhook's word alone").isEqualTo("OPEN");

        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/iyzipos/checkoutform/auth/ecom/detail")).withRequestBody(containing("tok-doubt-6"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\","
                        + "\"paymentStatus\":\"SUCCESS\",\"fraudStatus\":0,\"paymentId\":\"23990\",\"paidPrice\":60.0,\"currency\":\"TRY\","
                        + "\"basketId\":\"" + checkout + "\",\"token\":\"tok-doubt-6\"}")));
        assertThat(send("/webhooks/payments/iyzico", "application/json", event, Map.of("X-IYZ-SIGNATURE-V3", signed)).statusCode()).isEqualTo(200);
        assertThat(status(checkout)).as("under iyzico's fraud review").isEqualTo("OPEN");
        assertThat(IyzicoStandIn.iyzico().findAll(postRequestedFor(urlEqualTo("/payment/iyzipos/checkoutform/auth/ecom/detail"))
                .withRequestBody(containing("tok-doubt-6")))).hasSize(2);
        assertThat(send("/webhooks/payments/iyzico", "application/json", "not json", Map.of("X-IYZ-SIGNATURE-V3", signed)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aFailedFormIsPaymentFailedAndAnOpenOneIsSettledByTheReconciliation() throws Exception {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001801", "45.00");
        UUID failed = startAtIyzico(customer, "tok-fail-4");
        retrieveAnswers("tok-fail-4", failed, "FAILURE", "45.00");
        send("/webhooks/payments/iyzico/return?checkout=" + failed, "application/x-www-form-urlencoded", "token=tok-fail-4", Map.of());
        assertThat(EventJson.mapper().readValue(kafka.await(ofType(EventCatalog.PAYMENT_FAILED.type()).and(r -> r.key().equals(customer.toString())),
                1, Duration.ofSeconds(10)).get(0).value(), PaymentFailed.class).reason()).isEqualTo("Kart limiti yetersiz");

        UUID open = startAtIyzico(customer, "tok-open-5");
        retrieveAnswers("tok-open-5", open, "SUCCESS", "45.00");
        Instant now = Instant.parse(api.get("/api/test-clock").json().get("now").asString());
        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now.plus(Duration.ofMinutes(6)).toString()))).status()).isEqualTo(200);
        assertThat(Eventually.await(() -> status(open), "PAID"::equals, Duration.ofSeconds(15))).isEqualTo("PAID");
    }

    /** A checkout paid at iyzico, as CF-Retrieve says after the browser's return: the invoice's payment, under iyzico's paymentId. */
    private String paidAtIyzico(UUID customer, UUID invoice, String token, String price) throws Exception {
        UUID checkout = startAtIyzico(customer, token);
        retrieveAnswers(token, checkout, "SUCCESS", price);
        send("/webhooks/payments/iyzico/return?checkout=" + checkout, "application/x-www-form-urlencoded", "token=" + token, Map.of());
        return ProviderRefunds.paymentOf(api, invoice);
    }

    private static String refundSucceeded(String token, String price) {
        return "{\"status\":\"success\",\"locale\":\"tr\",\"systemTime\":1764650000000,\"paymentId\":\"2398" + Math.abs(token.hashCode())
                + "\",\"paymentTransactionId\":\"" + itemTransaction(token) + "\",\"price\":" + price + ",\"currency\":\"TRY\"}";
    }

    @Test
    void aRefundGoesToTheBasketItemCfRetrieveNamedSignedAndARefusalIsFailedWithIyzicosReason() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001901", "500.00");
        String paymentId = paidAtIyzico(customer, invoice, "tok-refund-7", "500.00");
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/refund")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(refundSucceeded("tok-refund-7", "120.00"))));

        ApiClient.Response refunded = ProviderRefunds.ask(api, paymentId, "120.00");

        assertThat(refunded.status()).as(refunded.body()).isEqualTo(201);
        JsonNode refund = refunded.json().get("refunds").get(0);
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("providerReference").asString()).isEqualTo(itemTransaction("tok-refund-7"));
        LoggedRequest request = IyzicoStandIn.iyzico().findAll(postRequestedFor(urlEqualTo("/payment/refund"))).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo(iyzWsV2(request, "/payment/refund" + request.getBodyAsString()));
        JsonNode body = EventJson.mapper().readTree(request.getBodyAsString());
        assertThat(body.get("paymentTransactionId").asString()).isEqualTo(itemTransaction("tok-refund-7"));
        assertThat(body.get("price").asString()).isEqualTo("120.00");
        assertThat(body.get("currency").asString()).isEqualTo("TRY");
        assertThat(body.get("conversationId").asString()).isEqualTo(refund.get("id").asString());
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("120.00");

        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/refund")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"failure\",\"errorCode\":\"10222\","
                        + "\"errorMessage\":\"Iade edilmek istenen tutar gecersiz\",\"locale\":\"tr\",\"systemTime\":1764650000000}")));
        ApiClient.Response refused = ProviderRefunds.ask(api, paymentId, "380.00");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("field").asString()).isEqualTo("provider");
        assertThat(refused.json().get("detail").asString()).contains("iyzico refused the refund: Iade edilmek istenen tutar gecersiz (10222)");
        JsonNode payment = api.get("/api/payments/" + paymentId).json();
        assertThat(payment.get("refunds").get(1).get("status").asString()).isEqualTo("FAILED");
        assertThat(payment.get("refundable").asString()).isEqualTo("380.00");
        assertThat(ProviderRefunds.announced(jdbc, customer)).hasSize(1);
    }

    /** iyzico's transaction report answering {@code query} ({@code paymentId=...} or {@code paymentConversationId=...}). */
    private static void reportAnswers(String query, String paymentJson) {
        String[] param = query.split("=", 2);
        IyzicoStandIn.iyzico().stubFor(get(urlPathEqualTo("/v2/reporting/payment/details")).withQueryParam(param[0], equalTo(param[1]))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\","
                        + "\"locale\":\"tr\",\"systemTime\":1764650000000,\"payments\":[" + paymentJson + "]}")));
    }

    /** The report's entry of the payment of the form with this token, its one basket item with {@code refunds}. */
    private static String reportedPayment(String token, String conversation, String refunds) {
        return "{\"paymentId\":2398" + Math.abs(token.hashCode()) + ",\"paymentStatus\":1,\"paymentRefundStatus\":\"NOT_REFUNDED\","
                + "\"price\":75.0,\"paidPrice\":75.0,\"installment\":1,\"paymentConversationId\":\"" + conversation + "\",\"fraudStatus\":1,"
                + "\"currency\":\"TRY\",\"itemTransactions\":[{\"itemId\":\"" + conversation + "\",\"paymentTransactionId\":" + itemTransaction(token)
                + ",\"transactionStatus\":2,\"price\":75.0,\"paidPrice\":75.0,\"refunds\":" + refunds + "}]}";
    }

    private static List<LoggedRequest> refundsSent(String token) {
        return IyzicoStandIn.iyzico().findAll(postRequestedFor(urlEqualTo("/payment/refund"))
                .withRequestBody(containing(itemTransaction(token))));
    }

    @Test
    void aRefundWhoseAnswerWasLostBeforeIyzicoMadeItIsSentAgainUnderTheSameConversationOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-002001", "75.00");
        String paymentId = paidAtIyzico(customer, invoice, "tok-refund-8", "75.00");
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/refund")).inScenario("refund").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reachable"));
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/refund")).inScenario("refund").whenScenarioStateIs("reachable")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(refundSucceeded("tok-refund-8", "75.00"))));
        String providerPayment = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        // iyzico never got it: its report of the payment lists no refund
        reportAnswers("paymentId=" + providerPayment, reportedPayment("tok-refund-8", UUID.randomUUID().toString(), "[]"));

        ApiClient.Response asked = ProviderRefunds.ask(api, paymentId, "75.00");

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(asked.json().get("refunds").get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(ProviderRefunds.announced(jdbc, customer)).isEmpty();
        assertThat(IyzicoStandIn.iyzico().findAll(getRequestedFor(urlPathEqualTo("/v2/reporting/payment/details"))
                .withQueryParam("paymentId", equalTo(providerPayment)))).as("a first request is sent without asking").isEmpty();

        String refundId = asked.json().get("refunds").get(0).get("id").asString();

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));

        assertThat(ProviderRefunds.refundOf(api, paymentId).get("status").asString()).as("iyzico may not list it yet").isEqualTo("PENDING");
        assertThat(refundsSent("tok-refund-8")).hasSize(1);

        LostAnswers.lastSentBeforeTheListingDelay(jdbc, refundId);
        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(20)));

        assertThat(ProviderRefunds.refundOf(api, paymentId).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refundsSent("tok-refund-8")).as("the lost request and the one retry")
                .extracting(request -> EventJson.mapper().readTree(request.getBodyAsString()).get("conversationId").asString())
                .containsExactly(refundId, refundId);
        List<LoggedRequest> reports = IyzicoStandIn.iyzico().findAll(getRequestedFor(urlPathEqualTo("/v2/reporting/payment/details"))
                .withQueryParam("paymentId", equalTo(providerPayment)));
        assertThat(reports).as("asked at each retry before sending again").hasSize(2);
        assertThat(reports.get(0).getHeader("Authorization")).as("a GET is signed over its path")
                .isEqualTo(iyzWsV2(reports.get(0), "/v2/reporting/payment/details"));
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("75.00");
    }

    @Test
    void aRefundIyzicoMadeWhoseAnswerWasLostIsFoundInItsReportAndNeverSentTwice() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-002051", "75.00");
        String paymentId = paidAtIyzico(customer, invoice, "tok-refund-9", "75.00");
        String providerPayment = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        // iyzico makes the refund, and its answer comes after the read timeout (2 s here)
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/refund")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)
                .withHeader("Content-Type", "application/json").withBody(refundSucceeded("tok-refund-9", "30.00"))));

        ApiClient.Response asked = ProviderRefunds.ask(api, paymentId, "30.00");

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String refundId = asked.json().get("refunds").get(0).get("id").asString();
        // its report lists the refund under our refund's id, beside an earlier one that failed
        reportAnswers("paymentId=" + providerPayment, reportedPayment("tok-refund-9", UUID.randomUUID().toString(),
                "[{\"refundTxId\":901,\"refundConversationId\":\"" + UUID.randomUUID() + "\",\"refundPrice\":10.0,\"refundStatus\":0,"
                        + "\"errorCode\":\"10051\",\"errorMessage\":\"x\",\"currencyCode\":\"TRY\"},"
                        + "{\"refundTxId\":902,\"refundConversationId\":\"" + refundId + "\",\"refundPrice\":30.0,\"refundStatus\":1,"
                        + "\"isAfterSettlement\":false,\"currencyCode\":\"TRY\",\"authCode\":\"123456\"}]"));

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));
        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(20)));

        JsonNode refund = ProviderRefunds.refundOf(api, paymentId);
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("providerReference").asString()).isEqualTo(itemTransaction("tok-refund-9"));
        assertThat(refundsSent("tok-refund-9")).as("never sent a second time").hasSize(1);
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("30.00");
    }

    /** The customer pays their open invoice at iyzico, asking to save the card, and saves it in the form: checkout PAID. */
    private UUID savedAtIyzico(UUID customer, String number, String token, String userKey, String cardToken) throws Exception {
        UUID invoice = issued(customer, number, "10.00");
        UUID checkout = startAtIyzico(customer, token, true, List.of(invoice));
        retrieveAnswersWithCard(token, checkout, userKey, cardToken);
        send("/webhooks/payments/iyzico/return?checkout=" + checkout, "application/x-www-form-urlencoded", "token=" + token, Map.of());
        assertThat(status(checkout)).isEqualTo("PAID");
        return checkout;
    }

    /** CF-Retrieve of a paid form in which the customer saved the card, as iyzico answers it. */
    private static void retrieveAnswersWithCard(String token, UUID checkout, String userKey, String cardToken) {
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/iyzipos/checkoutform/auth/ecom/detail")).withRequestBody(containing(token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\","
                        + "\"locale\":\"tr\",\"systemTime\":1764650000000,\"conversationId\":\"" + checkout + "\",\"price\":10.0,\"paidPrice\":10.0,"
                        + "\"installment\":1,\"paymentId\":\"2398" + Math.abs(token.hashCode()) + "\",\"fraudStatus\":1,\"merchantCommissionRate\":0,"
                        + "\"cardType\":\"CREDIT_CARD\",\"cardAssociation\":\"MASTER_CARD\",\"cardFamily\":\"Bonus\",\"cardUserKey\":\"" + userKey
                        + "\",\"cardToken\":\"" + cardToken + "\",\"binNumber\":\"552608\",\"lastFourDigits\":\"0008\",\"basketId\":\"" + checkout
                        + "\",\"currency\":\"TRY\",\"itemTransactions\":[{\"itemId\":\"" + checkout + "\",\"paymentTransactionId\":\"" + itemTransaction(token)
                        + "\",\"transactionStatus\":2,\"price\":10.0,\"paidPrice\":10.0}],\"authCode\":\"123456\",\"phase\":\"AUTH\","
                        + "\"token\":\"" + token + "\",\"paymentStatus\":\"SUCCESS\"}")));
    }

    /** What {@code POST /payment/auth} answers for charges of the card of {@code userKey}. */
    private static AuthStub authAnswers(String userKey) {
        return new AuthStub(userKey);
    }

    private record AuthStub(String userKey) {
        void paid(String paymentId) {
            IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/auth")).withRequestBody(containing(userKey)).willReturn(aResponse()
                    .withStatus(200).withHeader("Content-Type", "application/json").withBody(authPaid(paymentId))));
        }

        void declined(String errorCode, String errorGroup, String errorMessage) {
            IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/auth")).withRequestBody(containing(userKey)).willReturn(aResponse()
                    .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"failure\",\"errorCode\":\""
                            + errorCode + "\",\"errorMessage\":\"" + errorMessage + "\",\"errorGroup\":\"" + errorGroup + "\",\"locale\":\"tr\","
                            + "\"systemTime\":1764650000000}")));
        }
    }

    private static String authPaid(String paymentId) {
        return "{\"status\":\"success\",\"locale\":\"tr\",\"systemTime\":1764650000000,\"price\":250.0,\"paidPrice\":250.0,\"installment\":1,"
                + "\"paymentId\":\"" + paymentId + "\",\"fraudStatus\":1,\"cardType\":\"CREDIT_CARD\",\"cardAssociation\":\"MASTER_CARD\","
                + "\"binNumber\":\"552608\",\"lastFourDigits\":\"0008\",\"currency\":\"TRY\",\"itemTransactions\":[{\"paymentTransactionId\":\"9"
                + paymentId + "\",\"transactionStatus\":2}],\"authCode\":\"654321\",\"phase\":\"AUTH\"}";
    }

    private static List<LoggedRequest> chargesSent(String userKey) {
        return IyzicoStandIn.iyzico().findAll(postRequestedFor(urlEqualTo("/payment/auth")).withRequestBody(containing(userKey)));
    }

    private LocalDate today() {
        return clock.instant().atZone(ISTANBUL).toLocalDate();
    }

    private UUID dueToday(UUID customer, String number, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, today(), "TRY", total,
                new BillTo("Deniz Yılmaz", "deniz@example.com.tr", "+905321234567", "tr", "Europe/Istanbul"));
    }

    private String chargeStatus(UUID invoice) {
        return jdbc.sql("select status from automatic_charge where invoice_id = :id").param("id", invoice).query(String.class)
                .optional().orElse("NONE");
    }

    private String attemptKey(UUID invoice) {
        return jdbc.sql("select attempt_key from automatic_charge where invoice_id = :id").param("id", invoice).query(String.class).single();
    }

    private String cardStatus(UUID customer) {
        return jdbc.sql("select status from saved_card where customer_id = :c").param("c", customer).query(String.class).single();
    }

    private PaymentReceived received(UUID invoice) {
        List<ConsumerRecord<String, String>> found = kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.value().contains(invoice.toString())), 1, Duration.ofSeconds(10));
        assertThat(found).as("PaymentReceived of invoice " + invoice).hasSize(1);
        return EventJson.mapper().readValue(found.get(0).value(), PaymentReceived.class);
    }

    private PaymentFailed failed(UUID invoice) {
        List<ConsumerRecord<String, String>> found = kafka.await(ofType(EventCatalog.PAYMENT_FAILED.type())
                .and(r -> r.value().contains(invoice.toString())), 1, Duration.ofSeconds(10));
        assertThat(found).as("PaymentFailed of invoice " + invoice).hasSize(1);
        return EventJson.mapper().readValue(found.get(0).value(), PaymentFailed.class);
    }

    @Test
    void aCardSavedInTheCheckoutFormIsKeptMaskedAndChargedWithPaymentAuthAndAForgedWebhookSavesNone() throws Exception {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-002101", "10.00");
        UUID checkout = startAtIyzico(customer, "tok-save-10", true);
        retrieveAnswersWithCard("tok-save-10", checkout, "ukey+10/a=", "ctok/10+b=");
        String event = "{\"paymentConversationId\":\"" + checkout + "\",\"token\":\"tok-save-10\",\"status\":\"SUCCESS\","
                + "\"iyziEventType\":\"CHECKOUT_FORM_AUTH\",\"iyziPaymentId\":23910}";
        HttpResponse<String> forged = send("/webhooks/payments/iyzico", "application/json", event,
                Map.of("X-IYZ-SIGNATURE-V3", webhookSignature("CHECKOUT_FORM_AUTH", "23910", "tok-save-10", checkout, "FAILURE")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(status(checkout)).isEqualTo("OPEN");
        assertThat(jdbc.sql("select count(*) from saved_card where customer_id = :c").param("c", customer).query(Long.class).single())
                .as("a forged webhook saves no card").isZero();

        send("/webhooks/payments/iyzico/return?checkout=" + checkout, "application/x-www-form-urlencoded", "token=tok-save-10", Map.of());

        assertThat(status(checkout)).isEqualTo("PAID");
        assertThat(jdbc.sql("select provider || ' ' || provider_token || ' ' || brand || ' ' || last4 || ' ' || status || ' ' || coalesce(expires_on::text, '-')"
                + " from saved_card where customer_id = :c").param("c", customer).query(String.class).single())
                .isEqualTo("iyzico ukey+10/a=|ctok/10+b= MASTERCARD 0008 ACTIVE -");
        JsonNode cards = api.withToken(TestTokens.customer(customer)).get("/api/portal/saved-cards").json();
        assertThat(cards.get("cards").get(0).get("maskedNumber").asString()).isEqualTo("**** **** **** 0008");
        assertThat(cards.toString()).doesNotContain("ukey").doesNotContain("ctok");

        UUID invoice = dueToday(customer, "INV-2027-002102", "250.00");
        authAnswers("ukey+10/a=").paid("3010");
        charging.runDueWork(clock.instant());

        PaymentReceived payment = received(invoice);
        assertThat(payment.amount()).isEqualByComparingTo("250.00");
        assertThat(payment.provider()).isEqualTo("iyzico");
        assertThat(payment.providerReference()).isEqualTo("3010");
        assertThat(chargeStatus(invoice)).isEqualTo("PAID");
        List<LoggedRequest> sent = chargesSent("ukey+10/a=");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo(iyzWsV2(sent.get(0), "/payment/auth" + sent.get(0).getBodyAsString()));
        JsonNode body = EventJson.mapper().readTree(sent.get(0).getBodyAsString());
        assertThat(body.get("paymentCard").get("cardUserKey").asString()).isEqualTo("ukey+10/a=");
        assertThat(body.get("paymentCard").get("cardToken").asString()).isEqualTo("ctok/10+b=");
        assertThat(body.get("paymentCard").has("cardNumber")).isFalse();
        assertThat(body.get("conversationId").asString()).isEqualTo(attemptKey(invoice));
        assertThat(body.get("price").asString()).isEqualTo("250.00");
        assertThat(body.get("paidPrice").asString()).isEqualTo("250.00");
        assertThat(body.get("currency").asString()).isEqualTo("TRY");
        assertThat(body.get("installment").asInt()).isEqualTo(1);
        assertThat(body.get("buyer").get("email").asString()).as("the buyer the form was initialized with").isEqualTo("deniz@example.com.tr");
        assertThat(body.get("buyer").get("ip").asString()).isEqualTo("85.105.1.2");
        assertThat(body.get("basketItems").get(0).get("price").asString()).isEqualTo("250.00");

        charging.runDueWork(clock.instant());
        assertThat(chargesSent("ukey+10/a=")).as("charged once").hasSize(1);
    }

    @Test
    void aSoftDeclineIsTriedAgainOnTheScheduleAndAHardDeclineBlocksTheCard() throws Exception {
        UUID poor = UUID.randomUUID();
        savedAtIyzico(poor, "INV-2027-002201", "tok-save-11", "ukey-11", "ctok-11");
        UUID stolen = UUID.randomUUID();
        savedAtIyzico(stolen, "INV-2027-002301", "tok-save-12", "ukey-12", "ctok-12");
        UUID poorInvoice = dueToday(poor, "INV-2027-002202", "120.00");
        UUID stolenInvoice = dueToday(stolen, "INV-2027-002302", "130.00");
        authAnswers("ukey-11").declined("10051", "NOT_SUFFICIENT_FUNDS", "Kart limiti yetersiz, yetersiz bakiye");
        authAnswers("ukey-12").declined("10043", "STOLEN_CARD", "Çalıntı kart");

        charging.runDueWork(clock.instant());

        PaymentFailed soft = failed(poorInvoice);
        assertThat(soft.provider()).isEqualTo("iyzico");
        assertThat(soft.declineCode()).isEqualTo("insufficient_funds");
        assertThat(soft.reason()).isEqualTo("Kart limiti yetersiz, yetersiz bakiye (10051)");
        assertThat(soft.nextAttemptOn()).as("tried again").isEqualTo(today().plusDays(1));
        assertThat(chargeStatus(poorInvoice)).isEqualTo("SCHEDULED");
        assertThat(cardStatus(poor)).isEqualTo("ACTIVE");

        PaymentFailed hard = failed(stolenInvoice);
        assertThat(hard.declineCode()).isEqualTo("stolen_card");
        assertThat(hard.nextAttemptOn()).as("never tried again").isNull();
        assertThat(chargeStatus(stolenInvoice)).isEqualTo("HARD_DECLINED");
        assertThat(cardStatus(stolen)).isEqualTo("BLOCKED");
        assertThat(chargesSent("ukey-11")).hasSize(1);
        assertThat(chargesSent("ukey-12")).hasSize(1);
    }

    /** What iyzico answers {@code DELETE /cardstorage/card} for a request body containing {@code userKey}. */
    private static void cardStorageAnswers(String userKey, int priority, String answer) {
        IyzicoStandIn.iyzico().stubFor(delete(urlEqualTo("/cardstorage/card")).atPriority(priority).withRequestBody(containing(userKey))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer)));
    }

    /** What iyzico answers {@code POST /cardstorage/cards} for the card user {@code userKey}: the tokens it still stores. */
    private static void cardListAnswers(String userKey, String... cardTokens) {
        String details = Arrays.stream(cardTokens).map(t -> "{\"cardToken\":\"" + t + "\",\"cardAlias\":\"kart\","
                + "\"binNumber\":\"552608\",\"lastFourDigits\":\"0008\",\"cardAssociation\":\"MASTER_CARD\"}")
                .collect(Collectors.joining(","));
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/cardstorage/cards")).withRequestBody(containing(userKey)).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"locale\":\"tr\","
                        + "\"systemTime\":1764650000000,\"cardUserKey\":\"" + userKey + "\",\"cardDetails\":[" + details + "]}")));
    }

    /** The customer stops automatic payments in the portal: their newest card is removed. */
    private void removeInPortal(UUID customer) {
        ApiClient portal = api.withToken(TestTokens.customer(customer));
        String card = portal.get("/api/portal/saved-cards").json().get("cards").get(0).get("id").asString();
        assertThat(portal.send("DELETE", "/api/portal/saved-cards/" + card, "application/json", "").status()).isEqualTo(204);
    }

    private static List<LoggedRequest> deletionsSent(String userKey) {
        return IyzicoStandIn.iyzico().findAll(deleteRequestedFor(urlEqualTo("/cardstorage/card")).withRequestBody(containing(userKey)));
    }

    @Test
    void aRemovedCardIsDeletedFromIyzicosCardStorageSignedAndAFailureIsReadBackFromTheCardList() throws Exception {
        UUID removed = UUID.randomUUID();
        savedAtIyzico(removed, "INV-2027-003601", "tok-save-16", "ukey-16", "ctok-16");
        UUID refused = UUID.randomUUID();
        savedAtIyzico(refused, "INV-2027-003701", "tok-save-17", "ukey-17", "ctok-17");
        UUID gone = UUID.randomUUID();
        savedAtIyzico(gone, "INV-2027-003801", "tok-save-18", "ukey-18", "ctok-18");
        String failure = "{\"status\":\"failure\",\"errorCode\":\"5999\",\"errorMessage\":\"Kart silinemedi\",\"locale\":\"tr\","
                + "\"systemTime\":1764650000000}";
        // iyzico still lists the one card it failed to delete; the other it no longer stores (deleted by a delete whose answer was lost)
        cardStorageAnswers("ukey-17", 1, failure);
        cardListAnswers("ukey-17", "ctok-17", "ctok-other");
        cardStorageAnswers("ukey-18", 1, failure);
        cardListAnswers("ukey-18", "ctok-other");
        deleting.runDueWork(clock.instant());
        assertThat(deletionsSent("ukey-16")).as("an active card stays at iyzico").isEmpty();

        for (UUID customer : List.of(removed, refused, gone)) {
            removeInPortal(customer);
        }
        deleting.runDueWork(clock.instant());

        List<LoggedRequest> sent = deletionsSent("ukey-16");
        assertThat(sent).hasSize(1);
        JsonNode body = EventJson.mapper().readTree(sent.get(0).getBodyAsString());
        assertThat(body.get("cardUserKey").asString()).isEqualTo("ukey-16");
        assertThat(body.get("cardToken").asString()).isEqualTo("ctok-16");
        assertThat(sent.get(0).getHeader("Authorization"))
                .isEqualTo(iyzWsV2(sent.get(0), "/cardstorage/card" + sent.get(0).getBodyAsString()));
        assertThat(jdbc.sql("select deleted_at_provider is not null from saved_card where customer_id = :c").param("c", removed)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select coalesce(provider_deletion_refused, '-') || ' ' || (deleted_at_provider is null) from saved_card"
                + " where customer_id = :c").param("c", refused).query(String.class).single()).isEqualTo("Kart silinemedi (5999) true");
        assertThat(jdbc.sql("select deleted_at_provider is not null and provider_deletion_refused is null from saved_card where customer_id = :c")
                .param("c", gone).query(Boolean.class).single()).as("a card iyzico no longer lists is deleted").isTrue();

        deleting.runDueWork(clock.instant());
        assertThat(deletionsSent("ukey-16")).as("deleted once").hasSize(1);
        assertThat(deletionsSent("ukey-17")).as("a refusal is not asked again").hasSize(1);
    }

    @Test
    void aCardIyzicoGivesTheTokenOfAgainStaysTheCustomersActiveCardEvenAfterItWasRemoved() throws Exception {
        UUID customer = UUID.randomUUID();
        savedAtIyzico(customer, "INV-2027-003901", "tok-save-19", "ukey-19", "ctok-19");
        savedAtIyzico(customer, "INV-2027-003902", "tok-save-20", "ukey-19", "ctok-19");
        ApiClient portal = api.withToken(TestTokens.customer(customer));
        JsonNode cards = portal.get("/api/portal/saved-cards").json().get("cards");
        assertThat(cards).hasSize(1);
        assertThat(cards.get(0).get("status").asString()).as("saved again, not replaced by itself").isEqualTo("ACTIVE");
        deleting.runDueWork(clock.instant());
        assertThat(deletionsSent("ukey-19")).isEmpty();

        removeInPortal(customer);
        deleting.runDueWork(clock.instant());
        assertThat(deletionsSent("ukey-19")).hasSize(1);
        savedAtIyzico(customer, "INV-2027-003903", "tok-save-21", "ukey-19", "ctok-19");
        JsonNode again = portal.get("/api/portal/saved-cards").json().get("cards");
        assertThat(again).hasSize(1);
        assertThat(jdbc.sql("select status || ' ' || (ended_at is null) || ' ' || (deleted_at_provider is null) from saved_card"
                + " where customer_id = :c").param("c", customer).query(String.class).single())
                .as("saved after it was removed and deleted").isEqualTo("ACTIVE true true");
        deleting.runDueWork(clock.instant());
        assertThat(deletionsSent("ukey-19")).as("an active card stays at iyzico").hasSize(1);
    }

    @Test
    void aBlockedCardSavedAgainUnderItsTokenIsChargedAgainForTheInvoiceItWasDeclinedFor() throws Exception {
        UUID customer = UUID.randomUUID();
        savedAtIyzico(customer, "INV-2027-004001", "tok-save-22", "ukey-22", "ctok-22");
        UUID invoice = dueToday(customer, "INV-2027-004002", "250.00");
        authAnswers("ukey-22").declined("10043", "STOLEN_CARD", "Çalıntı kart");
        charging.runDueWork(clock.instant());
        assertThat(chargeStatus(invoice)).isEqualTo("HARD_DECLINED");
        assertThat(cardStatus(customer)).isEqualTo("BLOCKED");

        // the bank lifts the block; the customer pays another invoice with the card and saves it again
        savedAtIyzico(customer, "INV-2027-004003", "tok-save-23", "ukey-22", "ctok-22");
        assertThat(cardStatus(customer)).isEqualTo("ACTIVE");
        authAnswers("ukey-22").paid("4022");
        charging.runDueWork(clock.instant());

        assertThat(chargeStatus(invoice)).as("authorised anew after the decline").isEqualTo("PAID");
        assertThat(chargesSent("ukey-22")).hasSize(2);
    }

    @Test
    void aRemovedCardIsDeletedThroughABreakerOfItsOwnWhilePaymentsAtIyzicoAreHeldBack() throws Exception {
        UUID customer = UUID.randomUUID();
        savedAtIyzico(customer, "INV-2027-004101", "tok-save-24", "ukey-24", "ctok-24");
        breakers().circuitBreaker("iyzico").transitionToOpenState();

        removeInPortal(customer);
        deleting.runDueWork(clock.instant());

        assertThat(deletionsSent("ukey-24")).as("deleted although iyzico's payments breaker is open").hasSize(1);
        assertThat(jdbc.sql("select deleted_at_provider is not null from saved_card where customer_id = :c").param("c", customer)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aChargeWhoseAnswerWasLostIsLookedUpByItsConversationAndMadeOnce() throws Exception {
        UUID made = UUID.randomUUID();
        savedAtIyzico(made, "INV-2027-002401", "tok-save-13", "ukey-13", "ctok-13");
        UUID lost = UUID.randomUUID();
        savedAtIyzico(lost, "INV-2027-002501", "tok-save-14", "ukey-14", "ctok-14");
        UUID madeInvoice = dueToday(made, "INV-2027-002402", "250.00");
        UUID lostInvoice = dueToday(lost, "INV-2027-002502", "250.00");
        // iyzico takes the first charge, and its answer comes after the read timeout (2 s here); the second never reaches it
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/auth")).withRequestBody(containing("ukey-13")).willReturn(aResponse()
                .withStatus(200).withFixedDelay(3_000).withHeader("Content-Type", "application/json").withBody(authPaid("3013"))));
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/auth")).withRequestBody(containing("ukey-14")).inScenario("charge")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reachable"));
        IyzicoStandIn.iyzico().stubFor(post(urlEqualTo("/payment/auth")).withRequestBody(containing("ukey-14")).inScenario("charge")
                .whenScenarioStateIs("reachable").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(authPaid("3014"))));

        charging.runDueWork(clock.instant());

        assertThat(chargeStatus(madeInvoice)).as("no answer: asked again at the next pass").isEqualTo("CHARGING");
        assertThat(chargeStatus(lostInvoice)).isEqualTo("CHARGING");
        String madeKey = attemptKey(madeInvoice);
        String lostKey = attemptKey(lostInvoice);
        reportAnswers("paymentConversationId=" + madeKey, "{\"paymentId\":3013,\"paymentStatus\":1,\"paymentRefundStatus\":\"NOT_REFUNDED\","
                + "\"price\":250.0,\"paidPrice\":250.0,\"installment\":1,\"paymentConversationId\":\"" + madeKey + "\",\"fraudStatus\":1,"
                + "\"cardUserKey\":\"ukey-13\",\"cardToken\":\"ctok-13\",\"currency\":\"TRY\",\"basketId\":\"" + madeKey + "\"}");
        reportAnswers("paymentConversationId=" + lostKey, "");

        charging.runDueWork(clock.instant());

        assertThat(received(madeInvoice).providerReference()).isEqualTo("3013");
        assertThat(chargeStatus(madeInvoice)).isEqualTo("PAID");
        assertThat(chargesSent("ukey-13")).as("found at iyzico, never charged twice").hasSize(1);
        assertThat(chargeStatus(lostInvoice)).as("iyzico's report may not list it yet").isEqualTo("CHARGING");
        assertThat(chargesSent("ukey-14")).hasSize(1);

        LostAnswers.lastSentBeforeTheListingDelay(jdbc, lostKey);
        charging.runDueWork(clock.instant());

        assertThat(received(lostInvoice).providerReference()).isEqualTo("3014");
        assertThat(chargeStatus(lostInvoice)).isEqualTo("PAID");
        assertThat(chargesSent("ukey-14")).as("the lost request and the one retry").hasSize(2);
        assertThat(chargesSent("ukey-14")).extracting(r -> EventJson.mapper().readTree(r.getBodyAsString()).get("conversationId").asString())
                .containsExactly(lostKey, lostKey);
        assertThat(IyzicoStandIn.iyzico().findAll(getRequestedFor(urlPathEqualTo("/v2/reporting/payment/details"))
                .withQueryParam("paymentConversationId", equalTo(lostKey)))).as("asked at each pass before sending again").hasSize(2);
    }
}
