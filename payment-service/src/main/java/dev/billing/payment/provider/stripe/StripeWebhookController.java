package dev.billing.payment.provider.stripe;

import dev.billing.payment.checkout.CompletingCheckout;
import dev.billing.payment.provider.PaymentProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/payments/stripe}: Stripe's events, trusted only with a valid {@code Stripe-Signature} within 5
 * minutes of its timestamp (else 400, counted as {@code payments.webhooks.refused{provider=stripe}}).
 * {@code checkout.session.completed} (when paid), {@code checkout.session.async_payment_succeeded} and
 * {@code payment_intent.succeeded} are a payment; {@code checkout.session.async_payment_failed} and
 * {@code checkout.session.expired} a failure. A {@code payment_intent.payment_failed} changes nothing: inside an open
 * session the customer may try another card, and the session's expiry ends it. Stripe sends an event more than once at
 * times: a checkout is decided once, and every event is answered 200.
 * <p>
 * A paid checkout whose customer saves the card is decided by the session as {@link Stripe#status} reads it (with the
 * payment intent's payment method expanded), never by the event alone, whose objects name the card only by its id: the
 * card is kept with the payment. When Stripe cannot be asked then, the event is answered 503 and Stripe sends it again
 * (the reconciliation would ask too).
 */
@RestController
class StripeWebhookController {
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Stripe stripe;
    private final CompletingCheckout completing;
    private final MeterRegistry meters;

    StripeWebhookController(Stripe stripe, CompletingCheckout completing, MeterRegistry meters) {
        this.stripe = stripe;
        this.completing = completing;
        this.meters = meters;
    }

    @PostMapping("/webhooks/payments/stripe")
    ResponseEntity<String> event(@RequestHeader(value = "Stripe-Signature", required = false) String signature, @RequestBody byte[] payload) {
        if (!stripe.configured() || !stripe.verifies(signature, payload, TOLERANCE)) {
            meters.counter("payments.webhooks.refused", "provider", "stripe").increment();
            return ResponseEntity.badRequest().body("signature does not verify");
        }
        JsonNode event;
        Optional<PaymentProvider.Outcome> outcome;
        try {
            event = JSON.readTree(payload);
            outcome = outcome(event);
        } catch (RuntimeException unreadable) {
            // signed by Stripe, yet not what its API documents: sent again it would not read better
            log.error("A signed Stripe event could not be read; answered 200 and not recorded: {}", unreadable.toString());
            return ResponseEntity.ok("OK");
        }
        if (outcome.isPresent() && outcome.get().paid() && stripe.savesCard(outcome.get().checkoutId())) {
            try {
                outcome = stripe.status(outcome.get().checkoutId());
            } catch (RuntimeException unreachable) {
                log.warn("Stripe event {} pays checkout {}, whose card is to be saved, and Stripe could not be asked for the card: "
                        + "answered 503 for Stripe to send it again: {}", event.path("id").asString(), outcome.get().checkoutId(),
                        unreachable.toString());
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("try again");
            }
        }
        if (outcome.isPresent() && !completing.complete("stripe", outcome.get())) {
            log.error("Stripe event {} names checkout {}, which is unknown here", event.path("id").asString(), outcome.get().checkoutId());
        }
        return ResponseEntity.ok("OK");
    }

    private static Optional<PaymentProvider.Outcome> outcome(JsonNode event) {
        JsonNode object = event.path("data").path("object");
        return switch (event.path("type").asString()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.expired" ->
                    checkout(object).flatMap(id -> Stripe.outcome(id, object));
            case "checkout.session.async_payment_failed" -> checkout(object).map(id -> PaymentProvider.Outcome.declined(id,
                    object.path("id").asString(), "the payment failed at Stripe"));
            case "payment_intent.succeeded" -> checkout(object).map(id -> new PaymentProvider.Outcome(id, true, object.path("id").asString(),
                    Stripe.fromMinorUnits(object.path("amount_received").asLong(), object.path("currency").asString()),
                    object.path("currency").asString().toUpperCase(java.util.Locale.ROOT), null));
            default -> Optional.empty();
        };
    }

    /** The checkout a session or payment intent belongs to: its metadata's {@code checkout_id}. */
    private static Optional<UUID> checkout(JsonNode object) {
        String id = object.path("metadata").path("checkout_id").asString("");
        try {
            return id.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
