package dev.billing.payment.provider.sandbox;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderHttp;
import dev.billing.support.security.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox provider's side of a callback: like a real provider, it tells the platform what became of a charge by a
 * signed POST ({@code X-Sandbox-Signature}: hex HMAC-SHA256 of the body with {@code SANDBOX_WEBHOOK_SECRET}) to
 * {@code payment.sandbox.callback-url} (by default payment-service's own {@code /webhooks/payments/sandbox}). A callback
 * that does not arrive is not retried here: the reconciliation asks the sandbox's book instead.
 */
@Component
class SandboxCallbacks {
    static final String SIGNATURE_HEADER = "X-Sandbox-Signature";
    private static final Logger log = LoggerFactory.getLogger(SandboxCallbacks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String secret;
    private final String callbackUrl;
    private final Environment environment;
    private final RestClient http;

    SandboxCallbacks(@Value("${payment.sandbox.webhook-secret}") String secret,
                     @Value("${payment.sandbox.callback-url:}") String callbackUrl, Environment environment) {
        this.secret = secret;
        this.callbackUrl = callbackUrl;
        this.environment = environment;
        this.http = ProviderHttp.client(null, Duration.ofSeconds(10)).build();
    }

    static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(Signatures.hmacSha256(secret, body));
    }

    /** {@code savedCard}: the card saved with the charge (null: none). */
    void send(UUID checkoutId, String transactionId, String status, String declineReason, PaymentProvider.SavedCard savedCard) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("checkoutId", checkoutId.toString());
        event.put("transactionId", transactionId);
        event.put("status", status);
        event.put("reason", declineReason);
        if (savedCard != null) {
            event.put("card", Map.of("token", savedCard.token(), "brand", savedCard.brand(), "last4", savedCard.last4(),
                    "expiresOn", savedCard.expiresOn().toString()));
        }
        byte[] body = JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        String url = callbackUrl.isBlank()
                ? "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port")) + "/webhooks/payments/sandbox"
                : callbackUrl;
        try {
            http.post().uri(url).contentType(MediaType.APPLICATION_JSON).header(SIGNATURE_HEADER, sign(secret, body)).body(body)
                    .retrieve().toBodilessEntity();
        } catch (RuntimeException e) {
            log.warn("The sandbox's callback for checkout {} did not arrive ({}); the reconciliation will ask for it", checkoutId, e.toString());
        }
    }
}
