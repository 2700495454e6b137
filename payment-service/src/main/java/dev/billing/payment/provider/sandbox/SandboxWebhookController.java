package dev.billing.payment.provider.sandbox;

import dev.billing.payment.checkout.CompletingCheckout;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.support.security.Signatures;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/payments/sandbox}: the sandbox provider's callback, trusted only when its signature verifies
 * (constant-time); anything else is a 403 and counted ({@code payments.webhooks.refused{provider}}). The same callback
 * twice records nothing twice: the checkout is decided once. Answered {@code OK}.
 */
@RestController
class SandboxWebhookController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String secret;
    private final CompletingCheckout completing;
    private final MeterRegistry meters;
    private final SandboxProvider sandbox;

    SandboxWebhookController(@Value("${payment.sandbox.webhook-secret}") String secret, CompletingCheckout completing,
                             MeterRegistry meters, SandboxProvider sandbox) {
        this.sandbox = sandbox;
        this.secret = secret;
        this.completing = completing;
        this.meters = meters;
    }

    @PostMapping("/webhooks/payments/sandbox")
    ResponseEntity<String> callback(@RequestHeader(value = SandboxCallbacks.SIGNATURE_HEADER, required = false) String signature,
                                    @RequestBody byte[] body) {
        if (!sandbox.configured()) {
            return ResponseEntity.status(404).body("no sandbox here");
        }
        if (!Signatures.matches(SandboxCallbacks.sign(secret, body), signature)) {
            meters.counter("payments.webhooks.refused", "provider", "sandbox").increment();
            return ResponseEntity.status(403).body("signature does not verify");
        }
        JsonNode event = JSON.readTree(body);
        UUID checkoutId = UUID.fromString(event.path("checkoutId").asString());
        boolean paid = SandboxCharges.SUCCEEDED.equals(event.path("status").asString());
        JsonNode card = event.path("card");
        // the sandbox's callback names no amount (it charged the checkout's)
        PaymentProvider.Outcome outcome = new PaymentProvider.Outcome(checkoutId, paid, event.path("transactionId").asString(), null, null,
                event.path("reason").isNull() ? null : event.path("reason").asString(),
                card.isObject() ? new PaymentProvider.SavedCard(card.path("token").asString(), card.path("brand").asString(),
                        card.path("last4").asString(), java.time.LocalDate.parse(card.path("expiresOn").asString())) : null);
        return completing.complete("sandbox", outcome) ? ResponseEntity.ok("OK") : ResponseEntity.status(404).body("unknown checkout");
    }
}
