package dev.billing.payment.provider.stripe;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderHttp;
import dev.billing.support.security.Signatures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe Checkout, as Stripe's API documents it. {@code POST /v1/checkout/sessions} (Bearer {@code STRIPE_SECRET_KEY},
 * form-encoded: {@code mode=payment}, one line with {@code price_data} in the currency's smallest unit, the checkout as
 * {@code client_reference_id} and as {@code metadata[checkout_id]} of the session and of its payment intent) answers
 * the session's {@code id} and {@code url}, where the customer goes. The session id is kept ({@code stripe_session})
 * for the status query, {@code GET /v1/checkout/sessions/{id}}: {@code complete} and {@code paid} is a payment,
 * {@code expired} a failure, anything else not decided yet. Webhooks: {@link StripeWebhookController}.
 * <p>
 * Refunds: {@code POST /v1/refunds} with the payment's {@code payment_intent} (or {@code charge} for a {@code ch_}
 * reference), {@code amount} in the smallest unit, our refund as {@code metadata[refund_id]} and as
 * {@code Idempotency-Key}, so a retry of a refund whose answer was lost is answered with the refund Stripe made. Its
 * {@code status}: {@code succeeded}; {@code failed} or {@code canceled} (with {@code failure_reason}); {@code pending}
 * or {@code requires_action}, asked about later by {@code GET /v1/refunds/{id}} (a replayed key would only repeat the
 * first answer). A 400 or 402 is Stripe refusing the refund ({@code error.message}).
 */
@Component
public class Stripe implements PaymentProvider {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String secretKey;
    private final String webhookSecret;
    private final RestClient http;
    private final JdbcClient jdbc;
    private final Clock clock;
    // Stripe signs with the real time: the tolerance is about replays, whatever the test clock says
    private final Clock wallClock = Clock.systemUTC();

    Stripe(@Value("${payment.stripe.secret-key:}") String secretKey, @Value("${payment.stripe.webhook-secret:}") String webhookSecret,
           @Value("${payment.stripe.base-url:https://api.stripe.com}") String baseUrl,
           @Value("${payment.stripe.read-timeout:20s}") Duration readTimeout, JdbcClient jdbc, Clock clock,
           org.springframework.core.env.Environment environment) {
        if (secretKey.startsWith("sk_test_") && environment.acceptsProfiles(org.springframework.core.env.Profiles.of("production"))) {
            // test payments would pay real invoices
            throw new IllegalStateException("a Stripe test key (sk_test_...) is refused under the production profile");
        }
        this.secretKey = secretKey;
        this.webhookSecret = webhookSecret;
        this.jdbc = jdbc;
        this.clock = clock;
        this.http = ProviderHttp.client(baseUrl, readTimeout)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + secretKey).build();
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public boolean configured() {
        return !secretKey.isBlank() && !webhookSecret.isBlank();
    }

    /** An amount in the currency's smallest unit, as Stripe takes it (1440.00 EUR is 144000, 25000 HUF is 2500000). */
    static long minorUnits(BigDecimal amount, String currency) {
        return amount.movePointRight(Currency.getInstance(currency).getDefaultFractionDigits()).longValueExact();
    }

    static BigDecimal fromMinorUnits(long amount, String currency) {
        return BigDecimal.valueOf(amount, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
    }

    /**
     * Whether a webhook's {@code Stripe-Signature} ({@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">}, any
     * number of v1 while Stripe rolls its secret) is Stripe's, and not older or newer than {@code tolerance}.
     */
    boolean verifies(String header, byte[] payload, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        java.util.List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t") && pair[1].matches("\\d{1,12}")) {
                timestamp = Long.parseLong(pair[1]);
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || Math.abs(wallClock.instant().getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] signed = (timestamp + "." + new String(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        String expected = HexFormat.of().formatHex(Signatures.hmacSha256(webhookSecret, signed));
        boolean matched = false;
        for (String signature : signatures) {
            matched |= Signatures.matches(expected, signature);
        }
        return matched;
    }

    @Override
    public String start(Start checkout) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("mode", "payment");
        // cards only: no delayed methods whose outcome comes days later; and the session lives as long as a payment may be
        // under way here (StartingCheckout.UNDER_WAY, Stripe's minimum of 30 minutes), so no second one is payable beside it
        form.add("payment_method_types[0]", "card");
        form.add("expires_at", Long.toString(wallClock.instant().plus(Duration.ofMinutes(31)).getEpochSecond()));
        form.add("success_url", checkout.returnUrl());
        form.add("cancel_url", checkout.returnUrl());
        form.add("client_reference_id", checkout.checkoutId().toString());
        form.add("metadata[checkout_id]", checkout.checkoutId().toString());
        form.add("payment_intent_data[metadata][checkout_id]", checkout.checkoutId().toString());
        form.add("line_items[0][quantity]", "1");
        form.add("line_items[0][price_data][currency]", checkout.currency().toLowerCase(Locale.ROOT));
        form.add("line_items[0][price_data][unit_amount]", Long.toString(minorUnits(checkout.amount(), checkout.currency())));
        form.add("line_items[0][price_data][product_data][name]", checkout.description());
        if (checkout.payer().email() != null && !checkout.payer().email().isBlank()) {
            form.add("customer_email", checkout.payer().email());
        }
        JsonNode session = JSON.readTree(http.post().uri("/v1/checkout/sessions").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                // a retry of the same checkout creates no second session
                .header("Idempotency-Key", "checkout-" + checkout.checkoutId())
                .body(form).retrieve().body(String.class));
        jdbc.sql("insert into stripe_session (checkout_id, session_id, created_at) values (:checkout, :session, :at) on conflict do nothing")
                .param("checkout", checkout.checkoutId()).param("session", session.path("id").asString())
                .param("at", Timestamp.from(clock.instant())).update();
        return session.path("url").asString();
    }

    @Override
    public Optional<Outcome> status(UUID checkoutId) {
        Optional<String> sessionId = jdbc.sql("select session_id from stripe_session where checkout_id = :id").param("id", checkoutId)
                .query(String.class).optional();
        if (sessionId.isEmpty()) {
            return Optional.empty();
        }
        return outcome(checkoutId, JSON.readTree(http.get().uri("/v1/checkout/sessions/{id}", sessionId.get()).retrieve().body(String.class)));
    }

    @Override
    public boolean refunds() {
        return true;
    }

    @Override
    public RefundOutcome refund(RefundOrder order) {
        String body;
        try {
            if (order.reference() != null) {
                body = http.get().uri("/v1/refunds/{id}", order.reference()).retrieve().body(String.class);
            } else {
                MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
                form.add(order.transactionId().startsWith("ch_") ? "charge" : "payment_intent", order.transactionId());
                form.add("amount", Long.toString(minorUnits(order.amount(), order.currency())));
                form.add("metadata[refund_id]", order.idempotencyKey().toString());
                body = http.post().uri("/v1/refunds").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .header("Idempotency-Key", "refund-" + order.idempotencyKey()).body(form).retrieve().body(String.class);
            }
        } catch (HttpClientErrorException refused) {
            // 400 and 402 are Stripe's no; any other (409 the same key in flight, 429, 5xx) is an answer still to come
            if (refused.getStatusCode().value() != 400 && refused.getStatusCode().value() != 402) {
                throw refused;
            }
            JsonNode error = JSON.readTree(refused.getResponseBodyAsString()).path("error");
            String code = error.path("code").asString("");
            return RefundOutcome.refused(null, error.path("message").asString("refused by Stripe") + (code.isEmpty() ? "" : " (" + code + ")"));
        }
        JsonNode refund = JSON.readTree(body);
        String id = refund.path("id").asString();
        return switch (refund.path("status").asString()) {
            case "succeeded" -> RefundOutcome.succeeded(id);
            case "failed", "canceled" -> RefundOutcome.refused(id, "the refund " + refund.path("status").asString() + " at Stripe: "
                    + refund.path("failure_reason").asString("no reason given"));
            default -> RefundOutcome.pending(id);
        };
    }

    /** What a Checkout Session says of its payment: paid, expired (a failure), or nothing decided yet. */
    static Optional<Outcome> outcome(UUID checkoutId, JsonNode session) {
        String status = session.path("status").asString();
        if (status.equals("complete") && session.path("payment_status").asString().equals("paid")) {
            String currency = session.path("currency").asString().toUpperCase(Locale.ROOT);
            return Optional.of(new Outcome(checkoutId, true, session.path("payment_intent").asString(session.path("id").asString()),
                    fromMinorUnits(session.path("amount_total").asLong(), currency), currency, null));
        }
        if (status.equals("expired")) {
            return Optional.of(Outcome.declined(checkoutId, session.path("id").asString(), "the Stripe Checkout Session expired"));
        }
        return Optional.empty();
    }
}
