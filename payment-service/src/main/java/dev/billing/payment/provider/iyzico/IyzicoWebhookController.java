package dev.billing.payment.provider.iyzico;

import dev.billing.payment.checkout.Checkouts;
import dev.billing.payment.checkout.CompletingCheckout;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.Providers;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * iyzico's two ways back, neither trusted by itself: whatever comes, the payment is recorded from iyzico's own answer
 * to CF-Retrieve ({@link Iyzico#retrieve}), once ({@link CompletingCheckout}).
 * <ul>
 * <li>{@code POST /webhooks/payments/iyzico/return?checkout=}: the customer's browser, with the form's {@code token};
 * a token that is not the checkout's changes nothing. The browser goes on to the portal's page (303).</li>
 * <li>{@code POST /webhooks/payments/iyzico}: iyzico's webhook, verified by {@code X-IYZ-SIGNATURE-V3} (constant-time;
 * else 403 and counted as {@code payments.webhooks.refused{provider=iyzico}}); answered 200 however often it repeats.</li>
 * </ul>
 */
@RestController
class IyzicoWebhookController {
    private static final Logger log = LoggerFactory.getLogger(IyzicoWebhookController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Iyzico iyzico;
    private final Providers providers;
    private final CompletingCheckout completing;
    private final Checkouts checkouts;
    private final MeterRegistry meters;

    IyzicoWebhookController(Iyzico iyzico, Providers providers, CompletingCheckout completing, Checkouts checkouts, MeterRegistry meters) {
        this.iyzico = iyzico;
        this.providers = providers;
        this.completing = completing;
        this.checkouts = checkouts;
        this.meters = meters;
    }

    @PostMapping(path = "/webhooks/payments/iyzico/return", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Void> returned(@RequestParam UUID checkout, @RequestParam(defaultValue = "") String token) {
        Optional<Checkouts.Checkout> found = checkouts.find(checkout).filter(c -> c.provider().equals("iyzico"));
        if (found.isEmpty() || !iyzico.configured()) {
            return ResponseEntity.notFound().build();
        }
        if (iyzico.token(checkout).filter(token::equals).isPresent()) {
            settle(checkout, token);
        } else {
            log.warn("The browser came back from iyzico for checkout {} with a token that is not its own", checkout);
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(found.get().returnUrl())).build();
    }

    @PostMapping("/webhooks/payments/iyzico")
    ResponseEntity<String> webhook(@RequestHeader(value = "X-IYZ-SIGNATURE-V3", required = false) String signature, @RequestBody byte[] body) {
        JsonNode event = null;
        try {
            event = iyzico.configured() ? JSON.readTree(body) : null;
        } catch (RuntimeException notJson) {
            // a body that is not even JSON is nobody's verified webhook
        }
        if (event == null || !iyzico.verifies(event, signature)) {
            meters.counter("payments.webhooks.refused", "provider", "iyzico").increment();
            return ResponseEntity.status(403).body("signature does not verify");
        }
        try {
            UUID checkout = UUID.fromString(event.path("paymentConversationId").asString());
            String token = event.path("token").asString();
            if (iyzico.token(checkout).filter(token::equals).isPresent()) {
                settle(checkout, token);
            } else {
                log.error("iyzico webhook for {} with a token that is not its checkout's; nothing recorded", checkout);
            }
        } catch (IllegalArgumentException notOurs) {
            log.error("iyzico webhook names conversation {}, which is not a checkout of ours", event.path("paymentConversationId").asString());
        }
        return ResponseEntity.ok("OK");
    }

    private void settle(UUID checkout, String token) {
        Optional<PaymentProvider.Outcome> outcome = providers.call("iyzico", () -> iyzico.retrieve(checkout, token));
        outcome.ifPresent(decided -> completing.complete("iyzico", decided));
    }
}
