package dev.billing.payment.provider.iyzico;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderHttp;
import dev.billing.support.security.Signatures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * iyzico's Checkout Form, as iyzico's API documents it. Every call is JSON with {@code Authorization: IYZWSv2
 * base64("apiKey:<key>&randomKey:<rnd>&signature:<hex HMAC-SHA256(secret, rnd + path + body)>")} and {@code x-iyzi-rnd}.
 * <ul>
 * <li>{@code POST /payment/iyzipos/checkoutform/initialize/auth/ecom}: the checkout as {@code conversationId} and
 * {@code basketId}, price and paid price, the buyer from the invoice's bill-to, card instalments offered
 * ({@code enabledInstallments}), and {@code callbackUrl}, where iyzico sends the customer's browser back with the
 * form's {@code token}; answers {@code token} and {@code paymentPageUrl}, where the customer goes.</li>
 * <li>{@code POST /payment/iyzipos/checkoutform/auth/ecom/detail} ("CF-Retrieve") with the token: {@code paymentStatus}
 * {@code SUCCESS} (with {@code paymentId} and {@code paidPrice}) or {@code FAILURE}. A payment is recorded only from
 * this answer: after the browser's return, after a webhook, and in the reconciliation. A paid form's {@code paymentId}
 * and its one basket item's {@code itemTransactions[0].paymentTransactionId} are kept ({@code iyzico_form}) for
 * refunds.</li>
 * <li>{@code POST /payment/refund} with that {@code paymentTransactionId}, {@code price} and {@code currency} (our
 * refund as {@code conversationId}): {@code status} {@code success}, or {@code failure} with {@code errorCode} and
 * {@code errorMessage}: a refund.</li>
 * </ul>
 * Webhooks ({@link IyzicoWebhookController}) are verified by {@code X-IYZ-SIGNATURE-V3}. Configured by
 * {@code IYZICO_API_KEY}, {@code IYZICO_SECRET_KEY}, {@code IYZICO_BASE_URL}; without the keys it is not offered.
 */
@Component
public class Iyzico implements PaymentProvider {
    static final String INITIALIZE = "/payment/iyzipos/checkoutform/initialize/auth/ecom";
    static final String RETRIEVE = "/payment/iyzipos/checkoutform/auth/ecom/detail";
    static final String REFUND = "/payment/refund";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> CURRENCIES = List.of("TRY", "EUR", "USD", "GBP");
    private final String apiKey;
    private final String secretKey;
    private final String publicBaseUrl;
    private final RestClient http;
    private final JdbcClient jdbc;
    private final Clock clock;

    Iyzico(@Value("${payment.iyzico.api-key:}") String apiKey, @Value("${payment.iyzico.secret-key:}") String secretKey,
           @Value("${payment.iyzico.base-url:https://api.iyzipay.com}") String baseUrl,
           @Value("${payment.iyzico.read-timeout:20s}") Duration readTimeout, @Value("${payment.public-base-url}") String publicBaseUrl,
           JdbcClient jdbc, Clock clock) {
        this.apiKey = apiKey;
        this.secretKey = secretKey;
        this.publicBaseUrl = publicBaseUrl;
        this.jdbc = jdbc;
        this.clock = clock;
        this.http = ProviderHttp.client(baseUrl, readTimeout).build();
    }

    @Override
    public String name() {
        return "iyzico";
    }

    @Override
    public boolean configured() {
        return !apiKey.isBlank() && !secretKey.isBlank();
    }

    @Override
    public boolean accepts(String currency) {
        return CURRENCIES.contains(currency);
    }

    /** The IYZWSv2 authorization of a call to {@code path} with {@code body} and the random key {@code rnd}. */
    String authorization(String rnd, String path, String body) {
        String signature = HexFormat.of().formatHex(Signatures.hmacSha256(secretKey, (rnd + path + body).getBytes(StandardCharsets.UTF_8)));
        return "IYZWSv2 " + Base64.getEncoder().encodeToString(("apiKey:" + apiKey + "&randomKey:" + rnd + "&signature:" + signature)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a webhook's {@code X-IYZ-SIGNATURE-V3} is iyzico's: hex HMAC-SHA256(secret, secret + event type + payment id + token + conversation id + status). */
    boolean verifies(JsonNode event, String signature) {
        String data = secretKey + event.path("iyziEventType").asString() + event.path("iyziPaymentId").asString()
                + event.path("token").asString() + event.path("paymentConversationId").asString() + event.path("status").asString();
        return Signatures.matches(HexFormat.of().formatHex(Signatures.hmacSha256(secretKey, data.getBytes(StandardCharsets.UTF_8))), signature);
    }

    private JsonNode call(String path, Map<String, Object> request) {
        String body = JSON.writeValueAsString(request);
        String rnd = Long.toString(clock.millis()) + RANDOM.nextInt(1_000_000);
        return JSON.readTree(http.post().uri(path).contentType(MediaType.APPLICATION_JSON).header("Authorization", authorization(rnd, path, body))
                .header("x-iyzi-rnd", rnd).body(body).retrieve().body(String.class));
    }

    @Override
    public String start(Start checkout) {
        String price = checkout.amount().toPlainString();
        String[] names = checkout.payer().name() == null ? new String[] {"-"} : checkout.payer().name().trim().split("\\s+", 2);
        Map<String, Object> buyer = new LinkedHashMap<>();
        buyer.put("id", checkout.checkoutId().toString());
        buyer.put("name", names[0]);
        buyer.put("surname", names.length > 1 ? names[1] : names[0]);
        buyer.put("email", checkout.payer().email() == null ? "-" : checkout.payer().email());
        if (checkout.payer().phone() != null) {
            buyer.put("gsmNumber", checkout.payer().phone());
        }
        // iyzico asks for a national id; a business customer's is not known here: iyzico's documented placeholder
        buyer.put("identityNumber", "11111111111");
        buyer.put("registrationAddress", "-");
        buyer.put("city", "-");
        buyer.put("country", "-");
        buyer.put("ip", checkout.payer().ip() == null ? "127.0.0.1" : checkout.payer().ip());
        Map<String, Object> address = Map.of("contactName", checkout.payer().name() == null ? "-" : checkout.payer().name(),
                "city", "-", "country", "-", "address", "-");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("locale", "tr");
        request.put("conversationId", checkout.checkoutId().toString());
        request.put("price", price);
        request.put("paidPrice", price);
        request.put("currency", checkout.currency());
        request.put("basketId", checkout.checkoutId().toString());
        request.put("paymentGroup", "PRODUCT");
        request.put("callbackUrl", publicBaseUrl + "/webhooks/payments/iyzico/return?checkout=" + checkout.checkoutId());
        request.put("enabledInstallments", List.of(1, 2, 3, 6, 9, 12));
        request.put("buyer", buyer);
        request.put("billingAddress", address);
        request.put("basketItems", List.of(Map.of("id", checkout.checkoutId().toString(), "name", checkout.description(),
                "category1", "Invoice", "itemType", "VIRTUAL", "price", price)));
        JsonNode answer = call(INITIALIZE, request);
        if (!"success".equals(answer.path("status").asString())) {
            throw new IllegalStateException("iyzico refused the checkout form: " + answer.path("errorMessage").asString());
        }
        jdbc.sql("insert into iyzico_form (checkout_id, token, created_at) values (:checkout, :token, :at) on conflict do nothing")
                .param("checkout", checkout.checkoutId()).param("token", answer.path("token").asString())
                .param("at", Timestamp.from(clock.instant())).update();
        return answer.path("paymentPageUrl").asString();
    }

    /** The token of the checkout's form, if it was sent to iyzico. */
    Optional<String> token(UUID checkoutId) {
        return jdbc.sql("select token from iyzico_form where checkout_id = :id").param("id", checkoutId).query(String.class).optional();
    }

    /** CF-Retrieve: what iyzico decided about the form, for the checkout it belongs to; empty while nothing is. */
    Optional<Outcome> retrieve(UUID checkoutId, String token) {
        JsonNode form = call(RETRIEVE, Map.of("locale", "tr", "conversationId", checkoutId.toString(), "token", token));
        if (!"success".equals(form.path("status").asString()) || !checkoutId.toString().equals(form.path("basketId").asString(checkoutId.toString()))) {
            return Optional.empty();
        }
        String paymentStatus = form.path("paymentStatus").asString();
        if (paymentStatus.equals("FAILURE") || (paymentStatus.equals("SUCCESS") && form.path("fraudStatus").asInt(1) == -1)) {
            return Optional.of(Outcome.declined(checkoutId, form.path("paymentId").asString(null),
                    form.path("errorMessage").asString(paymentStatus.equals("FAILURE") ? "declined at iyzico" : "refused by iyzico's fraud check")));
        }
        // fraudStatus 0: iyzico's fraud team is still looking at it; only 1 means the payment may be relied on
        if (paymentStatus.equals("SUCCESS") && form.path("fraudStatus").asInt(1) == 1) {
            // iyzico refunds by basket item, and the form's basket is the one item of the checkout
            jdbc.sql("update iyzico_form set payment_id = :payment, payment_transaction_id = :item where checkout_id = :checkout")
                    .param("payment", form.path("paymentId").asString())
                    .param("item", form.path("itemTransactions").path(0).path("paymentTransactionId").asString(null))
                    .param("checkout", checkoutId).update();
            return Optional.of(new Outcome(checkoutId, true, form.path("paymentId").asString(), new BigDecimal(form.path("paidPrice").asString()),
                    form.path("currency").asString(null), null));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Outcome> status(UUID checkoutId) {
        return token(checkoutId).flatMap(token -> retrieve(checkoutId, token));
    }

    @Override
    public boolean refunds() {
        return true;
    }

    @Override
    public RefundOutcome refund(RefundOrder order) {
        Optional<String> item = jdbc.sql("select payment_transaction_id from iyzico_form where payment_id = :payment"
                        + " and payment_transaction_id is not null")
                .param("payment", order.transactionId()).query(String.class).optional();
        if (item.isEmpty()) {
            return RefundOutcome.refused(null, "the basket item of iyzico payment " + order.transactionId() + " is not known here"
                    + " (paid before refunds went to iyzico): refund it in iyzico's merchant panel");
        }
        JsonNode answer = call(REFUND, Map.of("locale", "tr", "conversationId", order.idempotencyKey().toString(),
                "paymentTransactionId", item.get(), "price", order.amount().toPlainString(), "currency", order.currency()));
        return switch (answer.path("status").asString()) {
            case "success" -> RefundOutcome.succeeded(answer.path("paymentTransactionId").asString(item.get()));
            case "failure" -> RefundOutcome.refused(null, answer.path("errorMessage").asString("refused by iyzico") + " ("
                    + answer.path("errorCode").asString("?") + ")");
            default -> throw new IllegalStateException("iyzico answered the refund with status " + answer.path("status").asString());
        };
    }
}
