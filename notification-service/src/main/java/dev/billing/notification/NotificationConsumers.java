package dev.billing.notification;

import dev.billing.notification.dispute.DisputedInvoices;
import dev.billing.notification.dispute.NotifyingAboutDisputes;
import dev.billing.notification.document.Attachments;
import dev.billing.notification.email.NotifyingCustomer;
import dev.billing.notification.reminder.RemindingCustomer;
import dev.billing.notification.staff.NotifyingStaff;

import dev.billing.events.EventCatalog;
import dev.billing.notification.contact.ContactCopy;
import dev.billing.support.events.IncomingEvents;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Bindings {@code billingEvents-in-0}, {@code invoiceEvents-in-0}, {@code invoiceDocuments-in-0}, {@code reminderEvents-in-0} and {@code disputeEvents-in-0}. */
@Configuration
public class NotificationConsumers {

    @Bean
    Consumer<Message<List<byte[]>>> billingEvents(IncomingEvents events, ContactCopy contacts) {
        return events.consumer("notification-billing")
                .on(EventCatalog.CUSTOMER_REGISTERED, e -> contacts.registered(e.payload()))
                .on(EventCatalog.CUSTOMER_UPDATED, e -> contacts.updated(e.payload()))
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, NotifyingCustomer notifying, DisputedInvoices disputed) {
        return events.consumer("notification-invoice")
                .on(EventCatalog.INVOICE_ISSUED, event -> {
                    notifying.invoiceIssued(event);
                    disputed.issued(event.payload());
                })
                .on(EventCatalog.INVOICE_PAID, notifying::invoicePaid)
                .on(EventCatalog.INVOICE_CANCELLED, notifying::invoiceCancelled)
                .on(EventCatalog.CREDIT_NOTE_ISSUED, notifying::creditNoteIssued)
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> invoiceDocuments(IncomingEvents events, Attachments attachments) {
        return events.consumer("notification-documents")
                .on(EventCatalog.INVOICE_DOCUMENT_RENDERED, attachments::received)
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> reminderEvents(IncomingEvents events, RemindingCustomer reminding, NotifyingStaff staff) {
        return events.consumer("notification-reminder")
                .on(EventCatalog.REMINDER_DUE, reminding::reminderDue)
                .on(EventCatalog.COLLECTION_TASK_OPENED, staff::taskOpened)
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> disputeEvents(IncomingEvents events, NotifyingAboutDisputes disputes) {
        return events.consumer("notification-dispute")
                .on(EventCatalog.DISPUTE_OPENED, disputes::opened)
                .on(EventCatalog.DISPUTE_MESSAGE_POSTED, disputes::messagePosted)
                .on(EventCatalog.DISPUTE_RESOLVED, disputes::resolved)
                .on(EventCatalog.DISPUTE_WITHDRAWN, disputes::withdrawn)
                .build();
    }
}
