package dev.billing.payment.provider.paytr;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderHttp;
import dev.billing.payment.provider.ProviderRequests;
import dev.billing.support.security.Signatures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PayTR's iFrame API, as PayTR publishes it. A checkout is PayTR's {@code merchant_oid} (its id without dashes: PayTR
 * takes letters and digits only); its amount goes in minor units ({@code payment_amount}, 1200.50 TRY is 120050, TRY
 * as {@code TL}), card instalments allowed ({@code no_installment=0}, {@code max_installment=0}).
 * <ul>
 * <li>{@code POST /odeme/api/get-token} with {@code paytr_token = base64(HMAC-SHA256(merchant_id + user_ip +
 * merchant_oid + email + payment_amount + user_basket + no_installment + max_installment + currency + test_mode +
 * merchant_salt, merchant_key))} answers {@code {"status":"success","token":...}}; the customer goes to
 * {@code /odeme/guvenli/{token}}.</li>
 * <li>The callback ({@link PayTrCallbackController}) is verified by its {@code hash}.</li>
 * <li>{@code POST /odeme/durum-sorgu} ({@code paytr_token = base64(HMAC-SHA256(merchant_id + merchant_oid +
 * merchant_salt, merchant_key))}) answers {@code success} with {@code payment_total} for a paid order, else
 * {@code error}: the reconciliation's status query.</li>
 * <li>{@code POST /odeme/iade} ({@code return_amount} with a dot, 10.25; {@code paytr_token = base64(HMAC-SHA256(
 * merchant_id + merchant_oid + return_amount + merchant_salt, merchant_key))}; our refund as {@code reference_no},
 * the same on a retry) answers {@code success}, or {@code error} with {@code err_no} and {@code err_msg}: a refund.
 * PayTR takes no idempotency key: a refund asked for again (its first answer lost) is looked up first in the order's
 * status query, whose {@code returns} list the order's refunds with their {@code reference_no}; one under our refund's
 * is that refund made, answered without refunding again. A refund is recorded before it is sent
 * ({@link ProviderRequests}), so only a retry asks first; a status query that does not answer {@code success}, or
 * that lists no such refund within {@link ProviderRequests#LISTING_DELAY} of its last sending, leaves the refund
 * PENDING, asked again later: nothing is sent again while PayTR cannot say what it made.</li>
 * </ul>
 * Configured by {@code PAYTR_MERCHANT_ID}, {@code PAYTR_MERCHANT_KEY}, {@code PAYTR_MERCHANT_SALT}
 * ({@code PAYTR_BASE_URL}, {@code PAYTR_TEST_MODE}); without them it is not offered.
 */
@Component
public class PayTr implements PaymentProvider {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CURRENCIES = List.of("TRY", "EUR", "USD", "GBP");
    private final String merchantId;
    private final String merchantKey;
    private final String merchantSalt;
    private final String baseUrl;
    private final String testMode;
    private final RestClient http;
    private final ProviderRequests requests;

    PayTr(@Value("${payment.paytr.merchant-id:}") String merchantId, @Value("${payment.paytr.merchant-key:}") String merchantKey,
          @Value("${payment.paytr.merchant-salt:}") String merchantSalt,
          @Value("${payment.paytr.base-url:https://www.paytr.com}") String baseUrl,
          @Value("${payment.paytr.test-mode:0}") String testMode, @Value("${payment.paytr.read-timeout:20s}") Duration readTimeout,
          org.springframework.core.env.Environment environment, ProviderRequests requests) {
        if ("1".equals(testMode) && environment.acceptsProfiles(org.springframework.core.env.Profiles.of("production"))) {
            // test payments would pay real invoices
            throw new IllegalStateException("PAYTR_TEST_MODE=1 is refused under the production profile");
        }
        this.merchantId = merchantId;
        this.merchantKey = merchantKey;
        this.merchantSalt = merchantSalt;
        this.baseUrl = baseUrl;
        this.testMode = testMode;
        this.http = ProviderHttp.client(baseUrl, readTimeout).build();
        this.requests = requests;
    }

    @Override
    public String name() {
        return "paytr";
    }

    @Override
    public boolean configured() {
        return !merchantId.isBlank() && !merchantKey.isBlank() && !merchantSalt.isBlank();
    }

    @Override
    public boolean accepts(String currency) {
        return CURRENCIES.contains(currency);
    }

    /** PayTR's order number of a checkout. */
    static String merchantOid(UUID checkoutId) {
        return checkoutId.toString().replace("-", "");
    }

    static UUID checkoutId(String merchantOid) {
        if (merchantOid == null || !merchantOid.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not one of our merchant_oid: " + merchantOid);
        }
        return UUID.fromString(merchantOid.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
    }

    /** base64(HMAC-SHA256(text, merchant_key)), PayTR's every signature. */
    String sign(String text) {
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(merchantKey, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a callback's {@code hash} is PayTR's for these fields (constant-time). */
    boolean verifies(String merchantOid, String status, String totalAmount, String hash) {
        return Signatures.matches(sign(merchantOid + merchantSalt + status + totalAmount), hash);
    }

    @Override
    public String start(Start checkout) {
        String oid = merchantOid(checkout.checkoutId());
        String amount = checkout.amount().movePointRight(2).setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString();
        String currency = checkout.currency().equals("TRY") ? "TL" : checkout.currency();
        String basket = Base64.getEncoder().encodeToString(JSON.writeValueAsString(List.of(List.of(checkout.description(),
                checkout.amount().toPlainString(), 1))).getBytes(StandardCharsets.UTF_8));
        String ip = checkout.payer().ip() == null ? "127.0.0.1" : checkout.payer().ip();
        String email = orDash(checkout.payer().email());
        String noInstallment = "0";
        String maxInstallment = "0";
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("merchant_id", merchantId);
        form.add("user_ip", ip);
        form.add("merchant_oid", oid);
        form.add("email", email);
        form.add("payment_amount", amount);
        form.add("paytr_token", sign(merchantId + ip + oid + email + amount + basket + noInstallment + maxInstallment + currency + testMode
                + merchantSalt));
        form.add("user_basket", basket);
        form.add("debug_on", "0");
        form.add("no_installment", noInstallment);
        form.add("max_installment", maxInstallment);
        form.add("user_name", orDash(checkout.payer().name()));
        form.add("user_address", "-");
        form.add("user_phone", orDash(checkout.payer().phone()));
        form.add("merchant_ok_url", checkout.returnUrl());
        form.add("merchant_fail_url", checkout.returnUrl());
        form.add("timeout_limit", "30");
        form.add("currency", currency);
        form.add("test_mode", testMode);
        JsonNode answer = JSON.readTree(http.post().uri("/odeme/api/get-token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form).retrieve().body(String.class));
        if (!"success".equals(answer.path("status").asString())) {
            throw new IllegalStateException("PayTR refused the token request: " + answer.path("reason").asString());
        }
        return baseUrl + "/odeme/guvenli/" + answer.path("token").asString();
    }

    /** PayTR's status query of an order: {@code success} with what it took and its {@code returns}, or {@code error}. */
    private JsonNode statusQuery(String oid) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("merchant_id", merchantId);
        form.add("merchant_oid", oid);
        form.add("paytr_token", sign(merchantId + oid + merchantSalt));
        return JSON.readTree(http.post().uri("/odeme/durum-sorgu").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form).retrieve().body(String.class));
    }

    @Override
    public Optional<Outcome> status(UUID checkoutId) {
        String oid = merchantOid(checkoutId);
        JsonNode answer = statusQuery(oid);
        if (!"success".equals(answer.path("status").asString())) {
            // "error": no successful payment of this order (yet), or the query itself was refused
            return Optional.empty();
        }
        return Optional.of(new Outcome(checkoutId, true, oid, new BigDecimal(answer.path("payment_total").asString()),
                currency(answer.path("currency").asString(null)), null));
    }

    @Override
    public boolean refunds() {
        return true;
    }

    @Override
    public RefundOutcome refund(RefundOrder order) {
        String oid = order.transactionId();
        String amount = order.amount().toPlainString();
        // PayTR takes letters and digits only, up to 64; its status query lists the order's refunds under it
        String reference = order.idempotencyKey().toString().replace("-", "");
        Optional<Instant> sentBefore = requests.sentBefore(name(), order.idempotencyKey());
        if (sentBefore.isPresent()) {
            if (refundMade(oid, reference)) {
                return RefundOutcome.succeeded(reference);
            }
            requests.resendingUnlisted(name(), order.idempotencyKey(), sentBefore.get());
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("merchant_id", merchantId);
        form.add("merchant_oid", oid);
        form.add("return_amount", amount);
        form.add("paytr_token", sign(merchantId + oid + amount + merchantSalt));
        form.add("reference_no", reference);
        JsonNode answer = JSON.readTree(http.post().uri("/odeme/iade").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form).retrieve().body(String.class));
        return switch (answer.path("status").asString()) {
            case "success" -> RefundOutcome.succeeded(reference);
            // "failed": PayTR knows no transaction of the order; "error": it refused the refund
            case "error", "failed" -> RefundOutcome.refused(reference, answer.path("err_msg").asString("refused by PayTR") + " ("
                    + answer.path("err_no").asString("?") + ")");
            default -> throw new IllegalStateException("PayTR answered the refund with status " + answer.path("status").asString());
        };
    }

    /**
     * Whether PayTR made the refund {@code reference} of order {@code oid}, as the order's status query lists its
     * {@code returns}; fails (the refund stays PENDING) when the query does not answer {@code success}.
     */
    private boolean refundMade(String oid, String reference) {
        JsonNode answer = statusQuery(oid);
        if (!"success".equals(answer.path("status").asString())) {
            throw new IllegalStateException("PayTR's status query of order " + oid + " did not answer whether refund " + reference
                    + " was made: " + answer.path("err_msg").asString("status " + answer.path("status").asString()));
        }
        // a list of the order's refunds (PayTR's sample code iterates it; an object of them is read the same way, and a
        // string of JSON is read as what it holds)
        JsonNode returns = answer.path("returns");
        if (returns.isString() && !returns.asString().isBlank()) {
            returns = JSON.readTree(returns.asString());
        }
        for (JsonNode made : returns) {
            if (reference.equals(made.path("reference_no").asString(null))) {
                return true;
            }
        }
        return false;
    }

    /** Our currency code of PayTR's ({@code TL} is TRY); null when PayTR names none. */
    static String currency(String paytr) {
        return paytr == null || paytr.isBlank() ? null : paytr.equals("TL") ? "TRY" : paytr;
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
