package dev.billing.notification.email;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.notification.NotificationSent;
import dev.billing.notification.panel.Notifications;
import dev.billing.notification.template.MessageText;
import dev.billing.notification.template.Templates;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.ReceivedEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the customer about an issued invoice: an email (queued, sent by {@link EmailDispatcher}) and
 * an in-app panel message, each rendered from the template in the customer's language. One event
 * yields at most one message per channel.
 */
@Service
public class NotifyingCustomer {
    private final Templates templates;
    private final Notifications notifications;
    private final Outbox outbox;
    private final Clock clock;
    private final InvoiceLinks links;

    public NotifyingCustomer(Templates templates, Notifications notifications, Outbox outbox, Clock clock, InvoiceLinks links) {
        this.templates = templates;
        this.notifications = notifications;
        this.outbox = outbox;
        this.clock = clock;
        this.links = links;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void invoiceIssued(ReceivedEvent<InvoiceIssued> event) {
        InvoiceIssued invoice = event.payload();
        String language = invoice.billTo().language();
        Instant now = clock.instant();
        String link = links.pdf(invoice.invoiceId());
        Map<String, String> values = Map.of(
                "name", invoice.billTo().name(),
                "number", invoice.number(),
                "issueDate", MessageText.date(invoice.issueDate(), language),
                "dueDate", MessageText.date(invoice.dueDate(), language),
                "total", MessageText.amount(invoice.total(), language),
                "currency", invoice.currency(),
                "link", link);
        Templates.Template email = templates.find("invoice-issued", language, "EMAIL");
        notifications.add(new Notifications.Notification(UUID.randomUUID(), invoice.customerId(), "EMAIL", email.code(),
                invoice.billTo().email(), MessageText.fill(email.subject(), values), MessageText.fill(email.body(), values),
                event.id(), "PENDING", 0, null, now, null, now, email.version()));
        Templates.Template panel = templates.find("invoice-issued", language, "PANEL");
        Notifications.Notification panelMessage = new Notifications.Notification(UUID.randomUUID(), invoice.customerId(),
                "PANEL", panel.code(), invoice.customerId().toString(), MessageText.fill(panel.subject(), values),
                MessageText.fill(panel.body(), values), event.id(), "SENT", 0, null, now, now, null, panel.version());
        if (notifications.add(panelMessage)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, invoice.customerId(), "notification/" + panelMessage.id(),
                    new NotificationSent(panelMessage.id(), invoice.customerId(), "PANEL", panel.code(),
                            panelMessage.recipient(), panelMessage.subject(), event.id(), now));
        }
    }
}
