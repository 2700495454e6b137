package dev.billing.dispute.invoice;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationSent;
import dev.billing.support.events.IncomingEvents;
import dev.billing.support.time.TimeZones;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Bindings {@code invoiceEvents-in-0} and {@code notificationEvents-in-0} (group {@code dispute-service}): the copy
 * of each invoice that disputes are opened on (number, customer, currency, lines, total, what is open, issue date,
 * the customer's name, language and time zone from {@code billTo}), and its delivery: the first {@code NotificationSent}
 * of the {@code invoice-issued} email that names the invoice, which starts the 8-day objection window.
 */
@Configuration(proxyBeanMethods = false)
class InvoiceConsumers {
    static final String INVOICE_EMAIL_TEMPLATE = "invoice-issued";

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, InvoiceCopies copies, TimeZones zones, Clock clock) {
        return events.consumer("dispute-invoice")
                .on(EventCatalog.INVOICE_ISSUED, event -> {
                    zones.requireKnownInEvent(event.payload().billTo().timeZone());
                    copies.issued(event.payload(), clock.instant());
                })
                .on(EventCatalog.INVOICE_PAID, event -> copies.closed(event.payload().invoiceId(), event.payload().customerId(),
                        InvoiceCopies.PAID, clock.instant()))
                .on(EventCatalog.INVOICE_CANCELLED, event -> copies.closed(event.payload().invoiceId(), event.payload().customerId(),
                        InvoiceCopies.CANCELLED, clock.instant()))
                .on(EventCatalog.INVOICE_PARTIALLY_PAID, event -> copies.openAmount(event.payload().invoiceId(),
                        event.payload().customerId(), event.payload().openAmount(), clock.instant()))
                .on(EventCatalog.CREDIT_NOTE_ISSUED, event -> copies.openAmount(event.payload().invoiceId(),
                        event.payload().customerId(), event.payload().openAmount(), clock.instant()))
                .on(EventCatalog.INVOICE_REOPENED, event -> copies.reopened(event.payload().invoiceId(),
                        event.payload().customerId(), event.payload().openAmount(), clock.instant()))
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> notificationEvents(IncomingEvents events, InvoiceCopies copies, Clock clock) {
        return events.consumer("dispute-notification")
                .on(EventCatalog.NOTIFICATION_SENT, event -> {
                    NotificationSent sent = event.payload();
                    if (sent.invoiceId() != null && "EMAIL".equals(sent.channel()) && INVOICE_EMAIL_TEMPLATE.equals(sent.template())) {
                        copies.delivered(sent.invoiceId(), sent.customerId(), sent.sentAt(), clock.instant());
                    }
                })
                .build();
    }
}
