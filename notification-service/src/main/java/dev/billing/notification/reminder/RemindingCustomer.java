package dev.billing.notification.reminder;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationFailed;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.notification.contact.ContactCopy;
import dev.billing.notification.delivery.Dispatching;
import dev.billing.notification.email.InvoiceLinks;
import dev.billing.notification.panel.Notifications;
import dev.billing.notification.preference.ChannelPreferences;
import dev.billing.notification.template.MessageText;
import dev.billing.notification.template.Templates;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.ReceivedEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends the reminder a dunning step asked for ({@code ReminderDue}), in the customer's language from the step's
 * template of the step's channel, with the link to the invoice: an email, an SMS or a WhatsApp message, queued
 * ({@link Dispatching} sends it through the channel's provider, with retries). A message that cannot go out is recorded
 * as FAILED with the reason, and announced ({@code NotificationFailed}), so the customer's history says why: no phone
 * number, a template the step names that does not exist, or a channel with no provider configured. A channel the
 * customer opted out of is recorded as SKIPPED. A reminder about several invoices of the customer due the same day
 * ({@code alsoDue}) is one message from the template {@value #SEVERAL}, listing them ({@code {invoices}}).
 */
@Service
public class RemindingCustomer {
    /** The template of a reminder about several invoices due the same day. */
    static final String SEVERAL = "reminder-several";
    private final ContactCopy contacts;
    private final ChannelPreferences preferences;
    private final Templates templates;
    private final Notifications notifications;
    private final InvoiceLinks links;
    private final Outbox outbox;
    private final Clock clock;
    private final Dispatching dispatching;

    RemindingCustomer(ContactCopy contacts, ChannelPreferences preferences, Templates templates, Notifications notifications,
                      InvoiceLinks links, Outbox outbox, Clock clock, Dispatching dispatching) {
        this.dispatching = dispatching;
        this.contacts = contacts;
        this.preferences = preferences;
        this.templates = templates;
        this.notifications = notifications;
        this.links = links;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void reminderDue(ReceivedEvent<ReminderDue> event) {
        ReminderDue due = event.payload();
        Instant now = clock.instant();
        ContactCopy.Contact to = contacts.require(due.customerId());
        if (preferences.optedOut(due.customerId(), due.channel())) {
            record(event, "EMAIL".equals(due.channel()) ? to.email() : to.phone() == null ? "" : to.phone(), "SKIPPED",
                    "the customer opted out of " + due.channel() + " reminders", now);
            return;
        }
        boolean email = "EMAIL".equals(due.channel());
        if (!email && to.phone() == null) {
            failed(event, "", "the customer has no phone number", now);
            return;
        }
        String recipient = email ? to.email() : to.phone();
        if (!email && !to.phone().replaceAll("[ ()-]", "").matches("\\+[1-9][0-9]{6,14}")) {
            // the providers take numbers as +<country code><number> only: a national number would be refused for good
            failed(event, recipient, "the phone number " + to.phone() + " is not in international format (+ and the country code)", now);
            return;
        }
        if (!dispatching.sends(due.channel())) {
            failed(event, recipient, "no " + due.channel() + " provider is configured", now);
            return;
        }
        String language = to.language();
        List<ReminderDue.DueInvoice> invoices = due.invoices();
        Map<String, String> values = Map.of(
                "name", to.name(),
                "number", due.invoiceNumber(),
                "dueDate", MessageText.date(due.dueDate(), language),
                "openAmount", MessageText.amount(due.openAmount(), language),
                "currency", due.currency(),
                "link", links.pdf(due.invoiceId()),
                // one invoice: its payment page; several: the page that pays all of the customer's open invoices
                "paymentLink", invoices.size() > 1 ? links.accountPayment(due.customerId()) : links.payment(due.invoiceId()),
                "count", Integer.toString(invoices.size()),
                "invoices", invoices.stream().map(invoice -> MessageText.invoiceLine(invoice.invoiceNumber(), invoice.openAmount(),
                        invoice.currency(), invoice.dueDate(), links.pdf(invoice.invoiceId()), language)).collect(Collectors.joining("\n")),
                "invoiceNumbers", invoices.stream().map(ReminderDue.DueInvoice::invoiceNumber).collect(Collectors.joining(", ")));
        // several invoices in one message: the template that lists them, whatever the first one's step asked for
        String code = invoices.size() > 1 ? SEVERAL : due.template();
        Optional<Templates.Template> template = templates.lookup(code, language, due.channel());
        if (template.isEmpty()) {
            failed(event, recipient, "there is no " + due.channel() + " template " + code, now);
            return;
        }
        Templates.Template text = template.get();
        notifications.add(new Notifications.Notification(UUID.randomUUID(), due.customerId(), due.channel(), text.code(), recipient,
                MessageText.fill(text.subject(), values), MessageText.fill(text.body(), values), event.id(), "PENDING", 0, null,
                now, null, now, text.version()).about(due.invoiceId()));
    }

    private void failed(ReceivedEvent<ReminderDue> event, String recipient, String reason, Instant now) {
        record(event, recipient, "FAILED", reason, now);
    }

    /** A reminder not sent, with why: FAILED (it could not go out, announced) or SKIPPED (it must not). */
    private void record(ReceivedEvent<ReminderDue> event, String recipient, String status, String reason, Instant now) {
        ReminderDue due = event.payload();
        Notifications.Notification failed = new Notifications.Notification(UUID.randomUUID(), due.customerId(), due.channel(),
                due.template(), recipient, "", "", event.id(), status, 0, reason, now, null, null, null).about(due.invoiceId());
        if (notifications.add(failed) && "FAILED".equals(status)) {
            outbox.add(EventCatalog.NOTIFICATION_FAILED, due.customerId(), "notification/" + failed.id(),
                    new NotificationFailed(failed.id(), due.customerId(), due.channel(), due.template(), recipient, reason, event.id(), now));
        }
    }
}
