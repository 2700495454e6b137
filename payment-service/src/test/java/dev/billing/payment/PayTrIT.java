package dev.billing.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.payment.PaymentReceived;
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
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
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
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * PayTR's iFrame API through {@code PayTr}, with WireMock answering as PayTR documents it: the token request and its
 * signature, a refusal and a timeout, the notification with its hash (repeated, forged, with instalment interest), and
 * the status query the reconciliation makes.
 */
@IntegrationTest
class PayTrIT {
    private static final String RETURN = "http://localhost:8080/p/some-link/done";
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReconcilingRefunds retries;
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
        PayTrStandIn.reset();
        // each test starts with PayTR's circuit breaker closed: the refused, timed-out and unreachable calls of one test
        // (half the calls some orders of them make) must not leave PayTR "unavailable" for the next
        ((CircuitBreakerRegistry) ReflectionTestUtils.getField(providers, "breakers")).circuitBreaker("paytr").reset();
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private static String sign(String text) {
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(PayTrStandIn.MERCHANT_KEY, text.getBytes(StandardCharsets.UTF_8)));
    }

    private UUID issued(UUID customer, String number, LocalDate due, String currency, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, due, currency, total,
                new BillTo("Deniz Ajans", "deniz@example.com.tr", "+905321234567", "tr", "Europe/Istanbul"));
    }

    private ApiClient.Response startAtPayTr(UUID customer, String currency) {
        return api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts", ApiClient.json(Map.of("currency", currency,
                "returnUrl", RETURN, "provider", "paytr", "customerIp", "85.105.1.2")));
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> notify(Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/payments/paytr"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A notification as PayTR sends it, signed with the merchant's key and salt. */
    private static Map<String, String> notification(String oid, String status, String totalAmount) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("merchant_oid", oid);
        fields.put("status", status);
        fields.put("total_amount", totalAmount);
        fields.put("hash", sign(oid + PayTrStandIn.MERCHANT_SALT + status + totalAmount));
        fields.put("payment_type", "card");
        fields.put("currency", "TL");
        fields.put("test_mode", "0");
        return fields;
    }

    private String status(UUID checkout) {
        return jdbc.sql("select status from checkout where id = :id").param("id", checkout).query(String.class).single();
    }

    @Test
    void theTokenRequestIsSignedAsPayTrAsksAndTheCustomerGoesToItsPaymentPage() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-000601", LocalDate.of(2027, 3, 1), "TRY", "1200.50");
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"token\":\"4f1c0a9e2b\"}")));

        ApiClient.Response started = startAtPayTr(customer, "TRY");

        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().get("redirectUrl").asString()).isEqualTo(PayTrStandIn.paytr().baseUrl() + "/odeme/guvenli/4f1c0a9e2b");
        UUID checkout = UUID.fromString(started.json().get("checkoutId").asString());
        LoggedRequest request = PayTrStandIn.paytr().findAll(postRequestedFor(urlEqualTo("/odeme/api/get-token"))).get(0);
        Map<String, String> form = form(request.getBodyAsString());
        String oid = checkout.toString().replace("-", "");
        assertThat(form).containsEntry("merchant_id", PayTrStandIn.MERCHANT_ID).containsEntry("merchant_oid", oid)
                .containsEntry("payment_amount", "120050").containsEntry("currency", "TL").containsEntry("user_ip", "85.105.1.2")
                .containsEntry("email", "deniz@example.com.tr").containsEntry("user_phone", "+905321234567")
                .containsEntry("no_installment", "0").containsEntry("max_installment", "0")
                .containsEntry("merchant_ok_url", RETURN + "?checkout=" + checkout);
        assertThat(form.get("paytr_token")).isEqualTo(sign(PayTrStandIn.MERCHANT_ID + "85.105.1.2" + oid + "deniz@example.com.tr" + "120050"
                + form.get("user_basket") + "0" + "0" + "TL" + "0" + PayTrStandIn.MERCHANT_SALT));
        JsonNode basket = EventJson.mapper().readTree(Base64.getDecoder().decode(form.get("user_basket")));
        assertThat(basket.get(0).get(0).asString()).isEqualTo("Invoice INV-2027-000601");
        assertThat(basket.get(0).get(1).asString()).isEqualTo("1200.50");
        assertThat(status(checkout)).isEqualTo("OPEN");
    }

    @Test
    void aRefusedOrTimedOutTokenRequestFailsTheCheckoutWithA503AndACurrencyPayTrDoesNotTakeIsA422() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-000701", LocalDate.of(2027, 3, 1), "TRY", "10.00");
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"failed\",\"reason\":\"paytr_token gecersiz\"}")));
        ApiClient.Response refused = startAtPayTr(customer, "TRY");
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().get("field").asString()).isEqualTo("provider");
        assertThat(jdbc.sql("select failure from checkout where customer_id = :c").param("c", customer).query(String.class).single())
                .contains("paytr_token gecersiz");

        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(5_000).withBody("{\"status\":\"success\",\"token\":\"late\"}")));
        assertThat(startAtPayTr(customer, "TRY").status()).as("PayTR does not answer within the read timeout (2 s here)").isEqualTo(503);

        UUID forints = UUID.randomUUID();
        issued(forints, "INV-2027-000702", LocalDate.of(2027, 3, 1), "HUF", "25000");
        ApiClient.Response huf = startAtPayTr(forints, "HUF");
        assertThat(huf.status()).isEqualTo(422);
        assertThat(huf.json().get("field").asString()).isEqualTo("currency");
    }

    @Test
    void aVerifiedNotificationPaysEachInvoiceItsAmountAndInstalmentInterestIsNoCredit() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID first = issued(customer, "INV-2027-000801", LocalDate.of(2027, 2, 1), "TRY", "1000.00");
        UUID second = issued(customer, "INV-2027-000802", LocalDate.of(2027, 3, 1), "TRY", "500.00");
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"token\":\"t\"}")));
        UUID checkout = UUID.fromString(startAtPayTr(customer, "TRY").json().get("checkoutId").asString());
        String oid = checkout.toString().replace("-", "");

        Map<String, String> forged = notification(oid, "success", "153000");
        forged.put("hash", sign(oid + "guessed-salt" + "success" + "153000"));
        HttpResponse<String> refused = notify(forged);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(status(checkout)).isEqualTo("OPEN");

        // 1,530.00 collected for 1,500.00: 30.00 of card instalment interest
        HttpResponse<String> answered = notify(notification(oid, "success", "153000"));
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("OK");
        assertThat(notify(notification(oid, "success", "153000")).body()).as("PayTR repeats until it reads OK").isEqualTo("OK");

        List<PaymentReceived> payments = kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type()).and(r -> r.key().equals(customer.toString())),
                2, Duration.ofSeconds(10)).stream().map(r -> EventJson.mapper().readValue(r.value(), PaymentReceived.class)).toList();
        assertThat(payments).hasSize(2);
        assertThat(payments).extracting(PaymentReceived::invoiceId).containsExactly(first, second);
        assertThat(payments).extracting(p -> p.amount().toPlainString()).containsExactly("1000.00", "500.00");
        assertThat(payments).allSatisfy(p -> assertThat(p.providerReference()).isEqualTo(oid));
        assertThat(jdbc.sql("select status || ' ' || collected_amount from checkout where id = :id").param("id", checkout)
                .query(String.class).single()).isEqualTo("PAID 1530.0000");
    }

    @Test
    void aFailedNotificationIsPaymentFailedWithPayTrsReason() throws Exception {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-000901", LocalDate.of(2027, 3, 1), "TRY", "99.90");
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"token\":\"t\"}")));
        UUID checkout = UUID.fromString(startAtPayTr(customer, "TRY").json().get("checkoutId").asString());
        Map<String, String> failed = notification(checkout.toString().replace("-", ""), "failed", "9990");
        failed.put("failed_reason_code", "2");
        failed.put("failed_reason_msg", "Yetersiz bakiye");
        assertThat(notify(failed).body()).isEqualTo("OK");
        assertThat(jdbc.sql("select status || ': ' || failure from checkout where id = :id").param("id", checkout).query(String.class).single())
                .isEqualTo("FAILED: Yetersiz bakiye (2)");
        assertThat(kafka.await(ofType(EventCatalog.PAYMENT_FAILED.type()).and(r -> r.key().equals(customer.toString())), 1,
                Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    void aPayTrCheckoutWhoseNotificationNeverCameIsSettledByItsStatusQuery() {
        UUID customer = UUID.randomUUID();
        issued(customer, "INV-2027-001001", LocalDate.of(2027, 3, 1), "TRY", "250.00");
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"token\":\"t\"}")));
        UUID checkout = UUID.fromString(startAtPayTr(customer, "TRY").json().get("checkoutId").asString());
        String oid = checkout.toString().replace("-", "");
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/durum-sorgu")).withRequestBody(containing("merchant_oid=" + oid))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"payment_amount\":\"250.00\",\"payment_total\":\"250.00\",\"currency\":\"TL\"}")));

        Instant now = Instant.parse(api.get("/api/test-clock").json().get("now").asString());
        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now.plus(Duration.ofMinutes(6)).toString()))).status()).isEqualTo(200);

        assertThat(Eventually.await(() -> status(checkout), "PAID"::equals, Duration.ofSeconds(15))).isEqualTo("PAID");
        LoggedRequest query = PayTrStandIn.paytr().findAll(postRequestedFor(urlEqualTo("/odeme/durum-sorgu"))
                .withRequestBody(containing("merchant_oid=" + oid))).get(0);
        assertThat(form(query.getBodyAsString())).containsEntry("paytr_token", sign(PayTrStandIn.MERCHANT_ID + oid + PayTrStandIn.MERCHANT_SALT));
        assertThat(kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type()).and(r -> r.key().equals(customer.toString())), 1,
                Duration.ofSeconds(10))).hasSize(1);
    }

    /** A checkout paid at PayTR, as its notification says: the invoice's payment, under the merchant_oid. */
    private String paidAtPayTr(UUID customer, UUID invoice, String total) throws Exception {
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/api/get-token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"token\":\"t\"}")));
        UUID checkout = UUID.fromString(startAtPayTr(customer, "TRY").json().get("checkoutId").asString());
        assertThat(notify(notification(checkout.toString().replace("-", ""), "success", total)).body()).isEqualTo("OK");
        return ProviderRefunds.paymentOf(api, invoice);
    }

    private static void refundAnswers(String json) {
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/iade")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(json)));
    }

    @Test
    void aRefundIsSignedAsPayTrAsksAndARefusalIsFailedWithPayTrsReason() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001101", LocalDate.of(2027, 3, 1), "TRY", "1200.50");
        String paymentId = paidAtPayTr(customer, invoice, "120050");
        String oid = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        refundAnswers("{\"status\":\"success\",\"is_test\":0,\"merchant_oid\":\"" + oid + "\",\"return_amount\":\"200.50\"}");

        ApiClient.Response refunded = ProviderRefunds.ask(api, paymentId, "200.50");

        assertThat(refunded.status()).as(refunded.body()).isEqualTo(201);
        JsonNode refund = refunded.json().get("refunds").get(0);
        String reference = refund.get("id").asString().replace("-", "");
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("providerReference").asString()).isEqualTo(reference);
        Map<String, String> sent = form(PayTrStandIn.paytr().findAll(postRequestedFor(urlEqualTo("/odeme/iade"))).get(0).getBodyAsString());
        assertThat(sent).containsEntry("merchant_id", PayTrStandIn.MERCHANT_ID).containsEntry("merchant_oid", oid)
                .containsEntry("return_amount", "200.50").containsEntry("reference_no", reference)
                .containsEntry("paytr_token", sign(PayTrStandIn.MERCHANT_ID + oid + "200.50" + PayTrStandIn.MERCHANT_SALT));
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("200.50");

        refundAnswers("{\"status\":\"error\",\"err_no\":\"006\",\"err_msg\":\"Iade tutari odeme tutarini asamaz\"}");
        ApiClient.Response refused = ProviderRefunds.ask(api, paymentId, "1000.00");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("field").asString()).isEqualTo("provider");
        assertThat(refused.json().get("detail").asString()).contains("paytr refused the refund: Iade tutari odeme tutarini asamaz (006)");
        JsonNode payment = api.get("/api/payments/" + paymentId).json();
        assertThat(payment.get("refunds").get(1).get("status").asString()).isEqualTo("FAILED");
        assertThat(payment.get("refundable").asString()).isEqualTo("1000.00");
        assertThat(ProviderRefunds.announced(jdbc, customer)).as("nothing more announced").hasSize(1);
    }

    /** The status query of order {@code oid} answers as PayTR does for a paid order whose refunds are {@code returns}. */
    private static void statusAnswers(String oid, String total, String returns) {
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/durum-sorgu")).withRequestBody(containing("merchant_oid=" + oid))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"payment_amount\":\"" + total + "\",\"payment_total\":\"" + total
                                + "\",\"payment_date\":\"2027-02-20 10:15:00\",\"currency\":\"TL\",\"taksit\":\"0\",\"kart_marka\":\"BONUS\","
                                + "\"masked_pan\":\"455359******1234\",\"odeme_tipi\":\"KART\",\"test_mode\":\"0\",\"returns\":" + returns + "}")));
    }

    private static List<Map<String, String>> refundsSent(String oid) {
        return PayTrStandIn.paytr().findAll(postRequestedFor(urlEqualTo("/odeme/iade")).withRequestBody(containing("merchant_oid=" + oid)))
                .stream().map(request -> form(request.getBodyAsString())).toList();
    }

    @Test
    void aRefundWhoseAnswerWasLostBeforePayTrMadeItIsSentAgainWithTheSameReferenceOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001201", LocalDate.of(2027, 3, 1), "TRY", "300.00");
        String paymentId = paidAtPayTr(customer, invoice, "30000");
        String oid = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/iade")).inScenario("refund").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reachable"));
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/iade")).inScenario("refund").whenScenarioStateIs("reachable")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"is_test\":0,\"return_amount\":\"300.00\"}")));

        ApiClient.Response asked = ProviderRefunds.ask(api, paymentId, "300.00");

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(asked.json().get("refunds").get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(asked.json().get("refundable").asString()).isEqualTo("0.00");
        assertThat(ProviderRefunds.announced(jdbc, customer)).isEmpty();
        // PayTR never got it: the order's status query lists no refund
        statusAnswers(oid, "300.00", "[]");
        String refundId = asked.json().get("refunds").get(0).get("id").asString();

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));

        assertThat(ProviderRefunds.refundOf(api, paymentId).get("status").asString()).as("PayTR may not list it yet").isEqualTo("PENDING");
        assertThat(refundsSent(oid)).hasSize(1);

        LostAnswers.lastSentBeforeTheListingDelay(jdbc, refundId);
        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(20)));

        assertThat(ProviderRefunds.refundOf(api, paymentId).get("status").asString()).isEqualTo("SUCCEEDED");
        String reference = refundId.replace("-", "");
        assertThat(refundsSent(oid)).as("the lost request and the one retry").extracting(sent -> sent.get("reference_no"))
                .containsExactly(reference, reference);
        List<LoggedRequest> queries = PayTrStandIn.paytr().findAll(postRequestedFor(urlEqualTo("/odeme/durum-sorgu"))
                .withRequestBody(containing("merchant_oid=" + oid)));
        assertThat(queries).as("asked at each retry before sending again").hasSize(2);
        assertThat(form(queries.get(0).getBodyAsString()))
                .containsEntry("paytr_token", sign(PayTrStandIn.MERCHANT_ID + oid + PayTrStandIn.MERCHANT_SALT));
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("300.00");
    }

    @Test
    void aRefundPayTrMadeWhoseAnswerWasLostIsFoundInTheStatusQueryAndNeverSentTwice() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001251", LocalDate.of(2027, 3, 1), "TRY", "480.00");
        String paymentId = paidAtPayTr(customer, invoice, "48000");
        String oid = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        // PayTR makes the refund, and its answer comes after the read timeout (2 s here)
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/iade")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"is_test\":0,\"return_amount\":\"180.00\"}")));

        ApiClient.Response asked = ProviderRefunds.ask(api, paymentId, "180.00");

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String reference = asked.json().get("refunds").get(0).get("id").asString().replace("-", "");
        assertThat(ProviderRefunds.announced(jdbc, customer)).isEmpty();
        // the order's status query lists it (and one made in PayTR's panel without our reference)
        statusAnswers(oid, "480.00", "[{\"return_amount\":\"20.00\",\"return_date\":\"2027-02-21 09:00:00\",\"return_type\":\"iade\","
                + "\"date_completed\":\"2027-02-21 09:00:00\",\"return_status\":\"success\",\"reference_no\":\"\"},"
                + "{\"return_amount\":\"180.00\",\"return_date\":\"2027-02-21 10:00:00\",\"return_type\":\"iade\","
                + "\"date_completed\":\"2027-02-21 10:00:00\",\"return_status\":\"success\",\"reference_no\":\"" + reference + "\"}]");

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));
        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(20)));

        JsonNode refund = ProviderRefunds.refundOf(api, paymentId);
        assertThat(refund.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refund.get("providerReference").asString()).isEqualTo(reference);
        assertThat(refundsSent(oid)).as("never sent a second time").hasSize(1);
        assertThat(ProviderRefunds.announced(jdbc, customer)).extracting(e -> e.amount().toPlainString()).containsExactly("180.00");
    }

    @Test
    void aRetriedRefundStaysPendingWhilePayTrsStatusQueryCannotSayWhetherItWasMade() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-001261", LocalDate.of(2027, 3, 1), "TRY", "90.00");
        String paymentId = paidAtPayTr(customer, invoice, "9000");
        String oid = api.get("/api/payments/" + paymentId).json().get("providerReference").asString();
        PayTrStandIn.paytr().stubFor(post(urlEqualTo("/odeme/iade")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(ProviderRefunds.ask(api, paymentId, "90.00").status()).isEqualTo(202);
        // the stand-in's status query answers "error" (as PayTR does when it finds no payment of the order)

        retries.runDueWork(clock.instant().plus(Duration.ofMinutes(6)));

        assertThat(ProviderRefunds.refundOf(api, paymentId).get("status").asString()).isEqualTo("PENDING");
        assertThat(refundsSent(oid)).as("nothing sent again without PayTR's word").hasSize(1);
        assertThat(ProviderRefunds.announced(jdbc, customer)).isEmpty();
    }
}
