package dev.billing.notification.phone;

import dev.billing.notification.contact.ContactCopy;
import dev.billing.notification.delivery.Courier;
import dev.billing.notification.delivery.Rejected;
import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * WhatsApp through the WhatsApp Business Cloud API: {@code POST /{version}/{phone-number-id}/messages} with a bearer
 * token. A business may start a conversation only with a template WhatsApp approved, so every message is a template
 * message: the WhatsApp template is named by our template's subject, in the customer's language, and each line of our
 * template's body is one of its body parameters, in order. The answer's {@code messages[0].id} (a wamid) is the
 * message's id; the status webhooks ({@code /webhooks/whatsapp}, {@link DeliveryReportController}) name it.
 * Configured by {@code WHATSAPP_TOKEN}, {@code WHATSAPP_PHONE_NUMBER_ID}, {@code WHATSAPP_APP_SECRET},
 * {@code WHATSAPP_VERIFY_TOKEN} and {@code WHATSAPP_BASE_URL}.
 */
@Component
@ConditionalOnExpression("!'${WHATSAPP_TOKEN:}'.isBlank()")
class WhatsAppCloud implements Courier {
    static final String PROVIDER = "whatsapp";
    private static final String API_VERSION = "v21.0";
    private final String baseUrl;
    private final String token;
    private final String phoneNumberId;
    private final ContactCopy contacts;
    private final int ratePerSecond;

    WhatsAppCloud(@Value("${WHATSAPP_BASE_URL:https://graph.facebook.com}") String baseUrl, @Value("${WHATSAPP_TOKEN}") String token,
                  @Value("${WHATSAPP_PHONE_NUMBER_ID}") String phoneNumberId, ContactCopy contacts,
                  @Value("${WHATSAPP_RATE_PER_SECOND:20}") int ratePerSecond) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.phoneNumberId = phoneNumberId;
        this.contacts = contacts;
        this.ratePerSecond = ratePerSecond;
    }

    @Override
    public String channel() {
        return "WHATSAPP";
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public int ratePerSecond() {
        return ratePerSecond;
    }

    @Override
    public Session open() {
        return new Session() {
            @Override
            public String deliver(Notifications.Notification message) throws IOException, InterruptedException, Rejected {
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + API_VERSION + "/" + phoneNumberId + "/messages"))
                        .timeout(ProviderCall.READ_TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(templateMessage(message))))
                        .build();
                JsonNode answer = EventJson.mapper().readTree(ProviderCall.send(PROVIDER, request));
                String id = answer.path("messages").path(0).path("id").asString("");
                if (id.isEmpty()) {
                    throw new IOException("whatsapp answered without a message id: " + answer);
                }
                return id;
            }

        };
    }

    private Map<String, Object> templateMessage(Notifications.Notification message) {
        // the customer's language as the parameters were written in it; English, the templates' fallback, if unknown
        String language = contacts.find(message.customerId()).map(ContactCopy.Contact::language).orElse("en");
        List<Map<String, String>> parameters = message.body().lines()
                .map(line -> Map.of("type", "text", "text", line)).toList();
        return Map.of(
                "messaging_product", "whatsapp",
                "recipient_type", "individual",
                "to", message.recipient().replaceAll("[^0-9]", ""), // the Cloud API takes the number without + or spaces
                "type", "template",
                "template", Map.of(
                        "name", message.subject(),
                        "language", Map.of("code", language),
                        "components", List.of(Map.of("type", "body", "parameters", parameters))));
    }
}
