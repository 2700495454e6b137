package dev.billing.notification.phone;

import dev.billing.notification.delivery.Courier;
import dev.billing.notification.delivery.Rejected;
import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * SMS through Twilio's Programmable Messaging API: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form
 * fields {@code To}, {@code From} (or {@code MessagingServiceSid} for a sender id starting with MG), {@code Body} and
 * {@code StatusCallback}, HTTP Basic with the account SID and auth token; a 201 answer's {@code sid} is the message's id.
 * Twilio reports delivery to the status callback, {@code /webhooks/sms/twilio} ({@link DeliveryReportController}).
 * Configured by {@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}, {@code TWILIO_FROM} and {@code TWILIO_BASE_URL}.
 */
@Component
@ConditionalOnExpression("!'${TWILIO_ACCOUNT_SID:}'.isBlank()")
class TwilioSms implements Courier {
    static final String PROVIDER = "twilio";
    private final String baseUrl;
    private final String accountSid;
    private final String authToken;
    private final String from;
    private final String statusCallback;
    private final int ratePerSecond;

    TwilioSms(@Value("${TWILIO_BASE_URL:https://api.twilio.com}") String baseUrl, @Value("${TWILIO_ACCOUNT_SID}") String accountSid,
              @Value("${TWILIO_AUTH_TOKEN}") String authToken, @Value("${TWILIO_FROM}") String from,
              @Value("${notification.mail.public-base-url}") String publicBaseUrl,
              @Value("${TWILIO_RATE_PER_SECOND:10}") int ratePerSecond) {
        this.baseUrl = baseUrl;
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.from = from;
        this.statusCallback = statusCallbackUrl(publicBaseUrl);
        this.ratePerSecond = ratePerSecond;
    }

    /** Where Twilio posts the delivery reports, and so the URL its signature covers. */
    static String statusCallbackUrl(String publicBaseUrl) {
        return publicBaseUrl + "/webhooks/sms/" + PROVIDER;
    }

    String authToken() {
        return authToken;
    }

    String statusCallback() {
        return statusCallback;
    }

    @Override
    public String channel() {
        return "SMS";
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
            public String deliver(Notifications.Notification sms) throws IOException, InterruptedException, Rejected {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("To", sms.recipient().replaceAll("[ ()-]", "")); // E.164, as Twilio takes it: the customer's number may be spaced
                form.put(from.startsWith("MG") ? "MessagingServiceSid" : "From", from);
                form.put("Body", sms.body());
                form.put("StatusCallback", statusCallback);
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/2010-04-01/Accounts/" + accountSid + "/Messages.json"))
                        .timeout(ProviderCall.READ_TIMEOUT)
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(encoded(form)))
                        .build();
                String answer = ProviderCall.send(PROVIDER, request);
                String sid = EventJson.mapper().readTree(answer).path("sid").asString("");
                if (sid.isEmpty()) {
                    throw new IOException("twilio answered without a message sid: " + answer);
                }
                return sid;
            }

        };
    }

    private static String encoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
