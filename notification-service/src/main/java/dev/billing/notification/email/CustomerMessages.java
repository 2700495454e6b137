package dev.billing.notification.email;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationSent;
import dev.billing.notification.document.Attachments;
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
 * each from the event's template in the customer's language. One event yields at most one message per channel. An
 * email may attach one of the invoice's documents ({@link Attachments}).
 */
@Component
public class CustomerMessages {
    private final Templates templates;
    private final Notifications notifications;
    private final Outbox outbox;
    private final Clock clock;
    private final Attachments attachments;

    CustomerMessages(Templates templates, Notifications notifications, Outbox outbox, Clock clock, Attachments attachments) {
        this.attachments = attachments;
        this.templates = templates;
        this.notifications = notifications;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Writes the email to {@code address} and the panel message from the templates {@code code}, filled with {@code values}. */
    public void emailAndPanel(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId) {
        emailAndPanel(customerId, address, language, code, values, causeEventId, null);
    }

    /** As above, the email attaching {@code attached} (null: nothing). */
    public void emailAndPanel(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId,
                              Attachments.Wanted attached) {
        Instant now = clock.instant();
        Templates.Template email = templates.find(code, language, "EMAIL");
        UUID emailId = UUID.randomUUID();
        Instant sendAt = attached == null ? now : attachments.sendAt(attached);
        if (notifications.add(new Notifications.Notification(emailId, customerId, "EMAIL", email.code(), address,
                MessageText.fill(email.subject(), values), MessageText.fill(email.body(), values), causeEventId, "PENDING", 0, null,
                now, null, sendAt, email.version())) && attached != null) {
            attachments.attach(emailId, attached);
        }
        Templates.Template panel = templates.find(code, language, "PANEL");
        Notifications.Notification panelMessage = new Notifications.Notification(UUID.randomUUID(), customerId, "PANEL", panel.code(),
                customerId.toString(), MessageText.fill(panel.subject(), values), MessageText.fill(panel.body(), values), causeEventId,
                "SENT", 0, null, now, now, null, panel.version());
        if (notifications.add(panelMessage)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, customerId, "notification/" + panelMessage.id(),
                    new NotificationSent(panelMessage.id(), customerId, "PANEL", panel.code(), panelMessage.recipient(),
                            panelMessage.subject(), causeEventId, now, null));
        }
    }
}
