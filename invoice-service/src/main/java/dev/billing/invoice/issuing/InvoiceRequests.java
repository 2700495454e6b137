package dev.billing.invoice.issuing;

import dev.billing.events.EventCatalog;
import dev.billing.support.events.IncomingEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Binding {@code billingEvents-in-0}: what invoice-service does with billing.events. */
@Configuration
public class InvoiceRequests {

    @Bean
    Consumer<Message<byte[]>> billingEvents(IncomingEvents events, IssuingInvoice issuing) {
        return events.consumer("invoice-service")
                .on(EventCatalog.INVOICE_REQUESTED, event -> issuing.issue(event.payload()))
                .build();
    }
}
