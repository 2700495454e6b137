package dev.billing.reminder.plan;

import dev.billing.events.EventCatalog;
import dev.billing.reminder.task.FollowingDisputes;
import dev.billing.support.events.IncomingEvents;
import dev.billing.support.time.TimeZones;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Bindings {@code invoiceEvents-in-0} and {@code disputeEvents-in-0}: what reminder-service does with others' events. */
@Configuration(proxyBeanMethods = false)
class ReminderConsumers {

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, PlanningReminders planning, TimeZones zones) {
        return events.consumer("reminder-invoice")
                .on(EventCatalog.INVOICE_ISSUED, event -> {
                    zones.requireKnownInEvent(event.payload().billTo().timeZone());
                    planning.issued(event.payload());
                })
                .on(EventCatalog.INVOICE_PAID, event -> planning.paid(event.payload()))
                .on(EventCatalog.INVOICE_PARTIALLY_PAID, event -> planning.partiallyPaid(event.payload()))
                .on(EventCatalog.INVOICE_CANCELLED, event -> planning.cancelled(event.payload()))
                .on(EventCatalog.INVOICE_REOPENED, event -> planning.reopened(event.payload()))
                .on(EventCatalog.CREDIT_NOTE_ISSUED, event -> planning.credited(event.payload()))
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> disputeEvents(IncomingEvents events, PlanningReminders planning, FollowingDisputes disputes) {
        return events.consumer("reminder-dispute")
                .on(EventCatalog.DISPUTE_OPENED, event -> planning.disputeOpened(event.payload()))
                .on(EventCatalog.DISPUTE_MESSAGE_POSTED, event -> disputes.messagePosted(event.payload()))
                .on(EventCatalog.DISPUTE_RESPONSE_OVERDUE, event -> disputes.responseOverdue(event.payload()))
                .on(EventCatalog.DISPUTE_RESOLVED, event -> {
                    planning.disputeResolved(event.payload());
                    disputes.resolved(event.payload());
                })
                .on(EventCatalog.DISPUTE_WITHDRAWN, event -> {
                    planning.disputeWithdrawn(event.payload());
                    disputes.withdrawn(event.payload());
                })
                .build();
    }
}
