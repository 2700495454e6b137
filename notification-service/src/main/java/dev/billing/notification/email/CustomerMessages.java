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
        emailAndPanel(customerId, address, language, code, values, causeEventId, null, null);
    }

    /** As above, the email attaching {@code attached} (null: nothing); both messages are about the attached document's invoice. */
    public void emailAndPanel(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId,
                              Attachments.Wanted attached) {
        emailAndPanel(customerId, address, language, code, values, causeEventId, attached == null ? null : attached.invoiceId(), attached);
    }

    /**
     * As above, both messages about the invoice {@code invoiceId} (null: none), so that their {@code NotificationSent}
     * name it (the invoice email's starts the 8-day objection window of TTK 21/2).
     */
    public void emailAndPanel(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId,
                              UUID invoiceId, Attachments.Wanted attached) {
        Instant now = clock.instant();
        email(customerId, address, language, code, values, causeEventId, invoiceId, attached, attached == null ? now : attachments.sendAt(attached));
        Templates.Template panel = templates.find(code, language, "PANEL");
        Notifications.Notification panelMessage = new Notifications.Notification(UUID.randomUUID(), customerId, "PANEL", panel.code(),
                customerId.toString(), MessageText.fill(panel.subject(), values), MessageText.fill(panel.body(), values), causeEventId,
                "SENT", 0, null, now, now, null, panel.version()).about(invoiceId);
        if (notifications.add(panelMessage)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, customerId, "notification/" + panelMessage.id(),
                    new NotificationSent(panelMessage.id(), customerId, "PANEL", panel.code(), panelMessage.recipient(),
                            panelMessage.subject(), causeEventId, now, invoiceId));
        }
    }

    /**
     * An email only, about the invoice {@code invoiceId}, attaching {@code attached} if that document is here already,
     * else going now with the link its text gives (a document asked for again, such as a copy of the invoice, does
     * not come again by itself).
     */
    public void emailOnly(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId,
                          UUID invoiceId, Attachments.Wanted attached) {
        Instant now = clock.instant();
        Attachments.Wanted here = attached != null && attachments.here(attached) ? attached : null;
        email(customerId, address, language, code, values, causeEventId, invoiceId, here, now);
    }

    private void email(UUID customerId, String address, String language, String code, Map<String, String> values, String causeEventId,
                       UUID invoiceId, Attachments.Wanted attached, Instant sendAt) {
        Instant now = clock.instant();
        Templates.Template email = templates.find(code, language, "EMAIL");
        UUID emailId = UUID.randomUUID();
        if (notifications.add(new Notifications.Notification(emailId, customerId, "EMAIL", email.code(), address,
                MessageText.fill(email.subject(), values), MessageText.fill(email.body(), values), causeEventId, "PENDING", 0, null,
                now, null, sendAt, email.version()).about(invoiceId)) && attached != null) {
            attachments.attach(emailId, attached);
        }
    }
}
