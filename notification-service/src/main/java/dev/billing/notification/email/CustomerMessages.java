package dev.billing.notification.email;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationSent;
import dev.billing.notification.panel.Notifications;
import dev.billing.notification.template.MessageText;
import dev.billing.notification.template.Templates;
import dev.billing.support.events.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What a customer hears about one event: an email (queued; {@code Dispatching} sends it) and an in-app panel message,
 * each from the event's template in the customer's language. One event yields at most one message per channel.
 */
@Component
public class CustomerMessages {
    private final Templates templates;
    private final Notifications notifications;
    private final Outbox outbox;
    private final Clock clock;

    CustomerMessages(Templates templates, Notifications notifications, Outbox outbox, Clock clock) {
        this.templates = templates;
        this.notifications = notifications;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Writes the email to {@code address} and the panel message from the templates {@code code}, filled with {@code values}. */
    public void emailAndPanel(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId) {
        Instant now = clock.instant();
        Templates.Template email = templates.find(code, language, "EMAIL");
        notifications.add(new Notifications.Notification(UUID.randomUUID(), customerId, "EMAIL", email.code(), address,
                MessageText.fill(email.subject(), values), MessageText.fill(email.body(), values), causeEventId, "PENDING", 0, null,
                now, null, now, email.version()));
        Templates.Template panel = templates.find(code, language, "PANEL");
        Notifications.Notification panelMessage = new Notifications.Notification(UUID.randomUUID(), customerId, "PANEL", panel.code(),
                customerId.toString(), MessageText.fill(panel.subject(), values), MessageText.fill(panel.body(), values), causeEventId,
                "SENT", 0, null, now, now, null, panel.version());
        if (notifications.add(panelMessage)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, customerId, "notification/" + panelMessage.id(),
                    new NotificationSent(panelMessage.id(), customerId, "PANEL", panel.code(), panelMessage.recipient(),
                            panelMessage.subject(), causeEventId, now));
        }
    }
}
