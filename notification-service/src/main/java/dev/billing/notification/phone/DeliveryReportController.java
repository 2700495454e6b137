package dev.billing.notification.phone;

import dev.billing.support.events.EventJson;
import dev.billing.support.security.Signatures;
import dev.billing.support.web.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The providers' delivery reports, public paths (no token: the provider's signature is checked instead, in constant
 * time; a report that fails the check is refused with 403 and counted in {@code notifications.webhooks.refused}):
 * <ul>
 * <li>{@code POST /webhooks/sms/twilio}: Twilio's status callback, form fields {@code MessageSid}, {@code MessageStatus},
 * {@code ErrorCode}, signed by {@code X-Twilio-Signature} = Base64(HMAC-SHA1(auth token, the callback URL followed by
 * every form field's name and value, sorted by name));</li>
 * <li>{@code GET /webhooks/whatsapp}: WhatsApp's subscription check, answered with {@code hub.challenge} when
 * {@code hub.verify_token} is {@code WHATSAPP_VERIFY_TOKEN};</li>
 * <li>{@code POST /webhooks/whatsapp}: WhatsApp's status notifications ({@code entry[].changes[].value.statuses[]}),
 * signed by {@code X-Hub-Signature-256} = {@code sha256=} hex(HMAC-SHA256(app secret, the raw body)).</li>
 * </ul>
 * A verified report is answered as a success even when it names a message we do not know (yet): it is kept until that
 * message's hand-off is recorded ({@link RecordingDeliveryReport}).
 */
@RestController
class DeliveryReportController {
    private final ObjectProvider<TwilioSms> twilio;
    private final ObjectProvider<WhatsAppCloud> whatsApp;
    private final String whatsAppSecret;
    private final String whatsAppVerifyToken;
    private final RecordingDeliveryReport reports;
    private final MeterRegistry meters;

    DeliveryReportController(ObjectProvider<TwilioSms> twilio, ObjectProvider<WhatsAppCloud> whatsApp,
                             @Value("${WHATSAPP_APP_SECRET:}") String whatsAppSecret,
                             @Value("${WHATSAPP_VERIFY_TOKEN:}") String whatsAppVerifyToken,
                             RecordingDeliveryReport reports, MeterRegistry meters) {
        this.twilio = twilio;
        this.whatsApp = whatsApp;
        this.whatsAppSecret = whatsAppSecret;
        this.whatsAppVerifyToken = whatsAppVerifyToken;
        this.reports = reports;
        this.meters = meters;
    }

    @PostMapping(path = "/webhooks/sms/{provider}", consumes = "application/x-www-form-urlencoded")
    ResponseEntity<Void> sms(@PathVariable String provider, @RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
                             HttpServletRequest request) {
        TwilioSms sms = twilio.getIfAvailable();
        if (!TwilioSms.PROVIDER.equals(provider) || sms == null) {
            throw ApiProblem.notFound("provider", "SMS provider", provider);
        }
        Map<String, String> fields = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> fields.put(name, values.length == 0 ? "" : values[0]));
        StringBuilder signed = new StringBuilder(sms.statusCallback());
        fields.forEach((name, value) -> signed.append(name).append(value));
        String expected = Base64.getEncoder().encodeToString(Signatures.hmacSha1(sms.authToken(), signed.toString().getBytes(StandardCharsets.UTF_8)));
        if (!Signatures.matches(expected, signature)) {
            throw refused(provider, "X-Twilio-Signature");
        }
        String messageSid = fields.get("MessageSid");
        if (messageSid == null || messageSid.isBlank()) {
            throw ApiProblem.badRequest("MessageSid", "is required");
        }
        DeliveryStatus.ofProvider(fields.get("MessageStatus")).ifPresent(status -> {
            String error = fields.get("ErrorCode") == null || fields.get("ErrorCode").isBlank() ? null : "Twilio error " + fields.get("ErrorCode");
            reports.record(TwilioSms.PROVIDER, messageSid, status, error);
        });
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/webhooks/whatsapp")
    ResponseEntity<String> whatsAppSubscription(@RequestParam(name = "hub.mode", required = false) String mode,
                                                @RequestParam(name = "hub.verify_token", required = false) String verifyToken,
                                                @RequestParam(name = "hub.challenge", required = false) String challenge) {
        configuredWhatsApp();
        if (!"subscribe".equals(mode) || whatsAppVerifyToken.isBlank() || !Signatures.matches(whatsAppVerifyToken, verifyToken)) {
            throw refused(WhatsAppCloud.PROVIDER, "hub.verify_token");
        }
        return ResponseEntity.ok().header("Content-Type", "text/plain").body(challenge == null ? "" : challenge);
    }

    @PostMapping("/webhooks/whatsapp")
    ResponseEntity<Void> whatsAppStatuses(@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
                                          @RequestBody byte[] body) {
        configuredWhatsApp();
        if (whatsAppSecret.isBlank()) {
            throw refused(WhatsAppCloud.PROVIDER, "X-Hub-Signature-256"); // no secret set: nothing can be verified
        }
        String expected = "sha256=" + HexFormat.of().formatHex(Signatures.hmacSha256(whatsAppSecret, body));
        if (!Signatures.matches(expected, signature)) {
            throw refused(WhatsAppCloud.PROVIDER, "X-Hub-Signature-256");
        }
        JsonNode notification;
        try {
            notification = EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("body", "is not JSON: " + e.getOriginalMessage());
        }
        for (JsonNode entry : notification.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                for (JsonNode status : change.path("value").path("statuses")) {
                    String id = status.path("id").asString("");
                    JsonNode firstError = status.path("errors").path(0);
                    String error = firstError.isMissingNode() ? null
                            : "WhatsApp error " + firstError.path("code").asString("") + ": " + firstError.path("title").asString("");
                    DeliveryStatus.ofProvider(status.path("status").asString(null)).ifPresent(reported -> {
                        if (!id.isEmpty()) {
                            reports.record(WhatsAppCloud.PROVIDER, id, reported, error);
                        }
                    });
                }
            }
        }
        return ResponseEntity.ok().build();
    }

    private void configuredWhatsApp() {
        if (whatsApp.getIfAvailable() == null) {
            throw ApiProblem.notFound("provider", "Message provider", WhatsAppCloud.PROVIDER);
        }
    }

    private ApiProblem refused(String provider, String field) {
        meters.counter("notifications.webhooks.refused", "provider", provider).increment();
        return new ApiProblem(HttpStatus.FORBIDDEN, "Signature not verified", field, field + ": does not verify this request as " + provider + "'s");
    }
}
