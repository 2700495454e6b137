package dev.billing.notification.staff;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationSent;
import dev.billing.events.reminder.CollectionTaskOpened;
import dev.billing.notification.contact.ContactCopy;
import dev.billing.notification.panel.Notifications;
import dev.billing.notification.template.MessageText;
import dev.billing.notification.template.Templates;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.ReceivedEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the collections team what it has to do: an opened collection task becomes a message on the staff panel
 * (channel {@code STAFF}, recipient {@code team}; {@code GET /api/notifications/staff}, the staff UI's dashboard), from
 * the template {@code task-opened} in {@code notification.staff.language}; so do a customer's message in a dispute and a
 * withdrawn dispute ({@link #tell}). Each also stands in the customer's history.
 */
@Service
public class NotifyingStaff {
    public static final String CHANNEL = "STAFF";
    private final Templates templates;
    private final Notifications notifications;
    private final ContactCopy contacts;
    private final Outbox outbox;
    private final Clock clock;
    private final String language;
    private final String tasksPage;
    private final String baseUrl;

    NotifyingStaff(Templates templates, Notifications notifications, ContactCopy contacts, Outbox outbox, Clock clock,
                   @Value("${notification.staff.language:en}") String language,
                   @Value("${notification.mail.public-base-url}") String publicBaseUrl) {
        this.templates = templates;
        this.notifications = notifications;
        this.contacts = contacts;
        this.outbox = outbox;
        this.clock = clock;
        this.language = language;
        this.tasksPage = publicBaseUrl + "/tasks";
        this.baseUrl = publicBaseUrl;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void taskOpened(ReceivedEvent<CollectionTaskOpened> event) {
        CollectionTaskOpened task = event.payload();
        // a task can be opened before the customer's contact data has come (another topic): the id stands in
        String name = contacts.find(task.customerId()).map(ContactCopy.Contact::name).orElse(task.customerId().toString());
        Map<String, String> values = Map.of("name", name, "reason", task.reason(), "link", tasksPage);
        Templates.Template template = templates.find("task-opened", language, CHANNEL);
        Instant now = clock.instant();
        Notifications.Notification message = new Notifications.Notification(UUID.randomUUID(), task.customerId(), CHANNEL,
                template.code(), "team", MessageText.fill(template.subject(), values), MessageText.fill(template.body(), values),
                event.id(), "SENT", 0, null, now, now, null, template.version()).about(task.invoiceId());
        record(message);
    }

    /**
     * Puts a message from the template {@code code} (in the staff language) on the staff panel, about the customer's
     * invoice {@code invoiceId}, once per cause; it also stands in the customer's history.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void tell(UUID customerId, UUID invoiceId, String code, Map<String, String> values, String causeEventId) {
        Templates.Template template = templates.find(code, language, CHANNEL);
        Instant now = clock.instant();
        record(new Notifications.Notification(UUID.randomUUID(), customerId, CHANNEL, template.code(), "team",
                MessageText.fill(template.subject(), values), MessageText.fill(template.body(), values), causeEventId, "SENT", 0, null,
                now, now, null, template.version()).about(invoiceId));
    }

    /** The customer's name as staff know it; the id until the customer's contact data has come. */
    public String customerName(UUID customerId) {
        return contacts.find(customerId).map(ContactCopy.Contact::name).orElse(customerId.toString());
    }

    /** The language of the staff panel's messages. */
    public String language() {
        return language;
    }

    /** The staff UI's address of a page, e.g. {@code /disputes/<id>}. */
    public String page(String path) {
        return baseUrl + path;
    }

    private void record(Notifications.Notification message) {
        if (notifications.add(message)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, message.customerId(), "notification/" + message.id(),
                    new NotificationSent(message.id(), message.customerId(), CHANNEL, message.template(), message.recipient(),
                            message.subject(), message.causeEventId(), message.createdAt(), message.invoiceId()));
        }
    }
}
