package dev.billing.billing;

import dev.billing.billing.charge.LateFees;
import dev.billing.billing.rebill.ReleasingCancelledInvoice;
import dev.billing.events.EventCatalog;
import dev.billing.support.events.IncomingEvents;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code invoiceEvents-in-0} (invoice.events): an overdue invoice may bring a late fee; a
 * cancelled one releases its billing request's charges and lets its period be billed again on request.
 * Each event once (inbox), in the transaction of its effect.
 */
@Configuration
class InvoiceEventsBinding {

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, LateFees lateFees, ReleasingCancelledInvoice releasing) {
        return events.consumer("billing-invoice")
                .on(EventCatalog.INVOICE_OVERDUE, event -> lateFees.charge(event.payload()))
                .on(EventCatalog.INVOICE_CANCELLED, event -> releasing.release(event.payload()))
                .build();
    }
}
