package dev.billing.payment.provider.stripe;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderHttp;
import dev.billing.support.security.Signatures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>
 * Saved cards ({@link #savesCards()}): a checkout that saves the card asks for {@code customer_creation=always} and
 * {@code payment_intent_data[setup_future_usage]=off_session}, so Checkout creates a Customer and attaches the card's
 * PaymentMethod to it, authorised for charges without the customer. Once paid, the session is read with
 * {@code expand[]=payment_intent.payment_method} (the status query, and on a webhook, whose objects are never
 * expanded): the card's {@code brand}, {@code last4}, {@code exp_month} and {@code exp_year} are what is shown, and the
 * saved card's token is {@code "<customer id>/<payment method id>"} ({@code cus_.../pm_...}), the two ids a charge
 * needs. {@link #chargeSaved} is {@code POST /v1/payment_intents} with them, {@code off_session=true},
 * {@code confirm=true} and {@code Idempotency-Key: charge-<attempt key>}: a retry after a lost answer (a timeout, a 5xx)
 * gets the first outcome (Stripe keeps it 24 hours), so the card is charged once. {@code succeeded} is paid under the
 * PaymentIntent's id; a 402 {@code card_error} is a decline with its {@code decline_code} (else its {@code code}:
 * {@code expired_card}, {@code incorrect_number}, ...), the names {@code RetrySchedule} knows (a hard decline such as
 * {@code stolen_card}, {@code lost_card} or {@code fraudulent} blocks the card); {@code requires_action} (the bank asks
 * the absent customer to authenticate) is the decline {@code authentication_required}. A card no longer charged is
 * detached from its Customer ({@link #deleteSavedCard}).
 */
@Component
public class Stripe implements PaymentProvider {
    private static final Logger log = LoggerFactory.getLogger(Stripe.class);
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
        if (checkout.saveCard()) {
            // a Customer to keep the card on, and the card authorised for charges without the customer (Checkout says so on its page)
            form.add("customer_creation", "always");
            form.add("payment_intent_data[setup_future_usage]", "off_session");
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

    private record Session(String id, boolean saveCard) {
    }

    /**
     * What the session says now; for a checkout that saves the card read with its payment intent's payment method
     * expanded, so that a paid outcome carries the card.
     */
    @Override
    public Optional<Outcome> status(UUID checkoutId) {
        Optional<Session> session = jdbc.sql("""
                        select s.session_id, c.save_card from stripe_session s join checkout c on c.id = s.checkout_id
                        where s.checkout_id = :id""").param("id", checkoutId)
                .query((rs, n) -> new Session(rs.getString("session_id"), rs.getBoolean("save_card"))).optional();
        if (session.isEmpty()) {
            return Optional.empty();
        }
        String body = session.get().saveCard()
                ? http.get().uri("/v1/checkout/sessions/{id}?expand[]={expand}", session.get().id(), "payment_intent.payment_method")
                        .retrieve().body(String.class)
                : http.get().uri("/v1/checkout/sessions/{id}", session.get().id()).retrieve().body(String.class);
        Optional<Outcome> outcome = outcome(checkoutId, JSON.readTree(body));
        if (session.get().saveCard() && outcome.filter(Outcome::paid).filter(o -> o.savedCard() == null).isPresent()) {
            log.warn("Stripe's session {} of checkout {} was paid but names no customer and card to save; the payment is recorded without one",
                    session.get().id(), checkoutId);
        }
        return outcome;
    }

    /** Whether the customer asked to save the card with this checkout: its paid outcome must then carry the card. */
    boolean savesCard(UUID checkoutId) {
        return jdbc.sql("select save_card from checkout where id = :id").param("id", checkoutId).query(Boolean.class).optional()
                .orElse(false);
    }

    @Override
    public boolean savesCards() {
        return configured();
    }

    /**
     * An off-session charge of a saved card ({@code "<customer id>/<payment method id>"}): a PaymentIntent confirmed at
     * once, under the attempt's idempotency key. Throws when Stripe gives no answer it documents as an outcome (a
     * timeout, a 5xx, a 409 while the same key is in flight, a 429): the caller asks again with the same key.
     */
    @Override
    public Charged chargeSaved(SavedCharge charge) {
        String[] card = customerAndPaymentMethod(charge.cardToken());
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("amount", Long.toString(minorUnits(charge.amount(), charge.currency())));
        form.add("currency", charge.currency().toLowerCase(Locale.ROOT));
        form.add("customer", card[0]);
        form.add("payment_method", card[1]);
        // a card and nothing that redirects: there is no customer to send anywhere
        form.add("payment_method_types[0]", "card");
        form.add("off_session", "true");
        form.add("confirm", "true");
        form.add("description", charge.description());
        form.add("metadata[attempt_key]", charge.idempotencyKey().toString());
        String body;
        try {
            body = http.post().uri("/v1/payment_intents").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .header("Idempotency-Key", "charge-" + charge.idempotencyKey()).body(form).retrieve().body(String.class);
        } catch (HttpClientErrorException refused) {
            JsonNode error = JSON.readTree(refused.getResponseBodyAsString()).path("error");
            String type = error.path("type").asString("");
            // 402: the card was declined; 400 invalid_request_error: Stripe will never take it (the payment method is gone, ...)
            if (refused.getStatusCode().value() == 402 || (refused.getStatusCode().value() == 400 && type.equals("invalid_request_error"))) {
                return declined(error.path("payment_intent").path("id").asString(null), error, "declined by Stripe");
            }
            throw refused;
        }
        JsonNode intent = JSON.readTree(body);
        if (intent.path("status").asString().equals("processing")) {
            // a replayed key repeats "processing": what became of it is read by its id
            intent = JSON.readTree(http.get().uri("/v1/payment_intents/{id}", intent.path("id").asString()).retrieve().body(String.class));
        }
        String id = intent.path("id").asString();
        return switch (intent.path("status").asString()) {
            case "succeeded" -> new Charged(true, id, null, null);
            case "requires_action" -> new Charged(false, id, "authentication_required",
                    "the card's bank asks the customer to authenticate the payment (3-D Secure), which an automatic charge cannot");
            case "requires_payment_method" -> declined(id, intent.path("last_payment_error"), "the payment method was declined");
            default -> throw new IllegalStateException("Stripe's PaymentIntent " + id + " is " + intent.path("status").asString()
                    + "; asked again later");
        };
    }

    private static String[] customerAndPaymentMethod(String cardToken) {
        String[] card = cardToken.split("/", 2);
        if (card.length != 2 || !card[0].startsWith("cus_") || !card[1].startsWith("pm_")) {
            throw new IllegalArgumentException("a Stripe saved card is <customer id>/<payment method id>, not " + cardToken);
        }
        return card;
    }

    /**
     * Detaches the saved card's PaymentMethod from its Customer ({@code POST /v1/payment_methods/{id}/detach}), after
     * which Stripe never charges it again. A PaymentMethod Stripe does not have (404) is deleted; Stripe's 400 (e.g. it
     * is attached to no customer any more: detached by an earlier call whose answer was lost) is read back: detached
     * when the PaymentMethod names no customer or is gone, refused with Stripe's message otherwise.
     */
    @Override
    public CardDeletion deleteSavedCard(String cardToken) {
        String paymentMethod = customerAndPaymentMethod(cardToken)[1];
        try {
            http.post().uri("/v1/payment_methods/{id}/detach", paymentMethod).retrieve().toBodilessEntity();
            return CardDeletion.done();
        } catch (HttpClientErrorException refused) {
            if (refused.getStatusCode().value() == 404) {
                return CardDeletion.done();
            }
            if (refused.getStatusCode().value() != 400) {
                throw refused;
            }
            JsonNode method;
            try {
                method = JSON.readTree(http.get().uri("/v1/payment_methods/{id}", paymentMethod).retrieve().body(String.class));
            } catch (HttpClientErrorException.NotFound gone) {
                return CardDeletion.done();
            }
            if (method.path("customer").isNull() || method.path("customer").isMissingNode()) {
                return CardDeletion.done();
            }
            return CardDeletion.refused(JSON.readTree(refused.getResponseBodyAsString()).path("error").path("message")
                    .asString("refused by Stripe"));
        }
    }

    /** A decline as Stripe's error names it: {@code decline_code}, else {@code code} ({@code expired_card}, ...). */
    private static Charged declined(String intentId, JsonNode error, String fallback) {
        String code = error.path("decline_code").asString("");
        if (code.isEmpty()) {
            code = error.path("code").asString("");
        }
        return new Charged(false, intentId, code.isEmpty() ? "card_declined" : code, error.path("message").asString(fallback));
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

    /**
     * What a Checkout Session says of its payment: paid, expired (a failure), or nothing decided yet. Paid with its
     * {@code payment_intent} expanded with its {@code payment_method}, it carries the card saved on the session's customer.
     */
    static Optional<Outcome> outcome(UUID checkoutId, JsonNode session) {
        String status = session.path("status").asString();
        if (status.equals("complete") && session.path("payment_status").asString().equals("paid")) {
            String currency = session.path("currency").asString().toUpperCase(Locale.ROOT);
            JsonNode intent = session.path("payment_intent");
            String transaction = intent.isObject() ? intent.path("id").asString() : intent.asString(session.path("id").asString());
            return Optional.of(new Outcome(checkoutId, true, transaction, fromMinorUnits(session.path("amount_total").asLong(), currency),
                    currency, null, intent.isObject() ? savedCard(intent, session.path("customer")) : null));
        }
        if (status.equals("expired")) {
            return Optional.of(Outcome.declined(checkoutId, session.path("id").asString(), "the Stripe Checkout Session expired"));
        }
        return Optional.empty();
    }

    /**
     * The card of a paid PaymentIntent whose {@code payment_method} is expanded, kept on its customer (the intent's, else
     * the session's): token {@code "<customer id>/<payment method id>"}, brand upper-case ({@code VISA}), the last four
     * digits, and the last day of its expiry month. Null without a customer or a card.
     */
    static SavedCard savedCard(JsonNode intent, JsonNode sessionCustomer) {
        JsonNode method = intent.path("payment_method");
        JsonNode card = method.path("card");
        String customer = id(intent.path("customer"));
        if (customer == null) {
            customer = id(sessionCustomer);
        }
        if (customer == null || !method.isObject() || !card.isObject() || card.path("last4").asString("").isEmpty()) {
            return null;
        }
        LocalDate expires = card.path("exp_year").isNumber() && card.path("exp_month").isNumber()
                ? YearMonth.of(card.path("exp_year").asInt(), card.path("exp_month").asInt()).atEndOfMonth() : null;
        return new SavedCard(customer + "/" + method.path("id").asString(), card.path("brand").asString("unknown").toUpperCase(Locale.ROOT),
                card.path("last4").asString(), expires);
    }

    /** An id, or the id of an expanded object; null when absent. */
    private static String id(JsonNode reference) {
        String id = reference.isObject() ? reference.path("id").asString("") : reference.asString("");
        return id.isEmpty() ? null : id;
    }
}
