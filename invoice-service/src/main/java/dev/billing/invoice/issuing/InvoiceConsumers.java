package dev.billing.invoice.issuing;

import dev.billing.events.EventCatalog;
import dev.billing.invoice.account.CustomerAccounts;
import dev.billing.invoice.dispute.ApplyingDisputeOutcome;
import dev.billing.support.time.TimeZones;
import dev.billing.invoice.lifecycle.ApplyingPayment;
import dev.billing.support.events.IncomingEvents;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Bindings {@code billingEvents-in-0}, {@code paymentEvents-in-0} and {@code disputeEvents-in-0}: what invoice-service does with others' events. */
@Configuration
public class InvoiceConsumers {

    @Bean
    Consumer<Message<List<byte[]>>> billingEvents(IncomingEvents events, IssuingInvoice issuing, CustomerAccounts accounts,
                                            TimeZones zones) {
        return events.consumer("invoice-billing")
                .onBatch(EventCatalog.INVOICE_REQUESTED, issuing::issueRequested)
                .on(EventCatalog.CUSTOMER_REGISTERED, event -> {
                    zones.requireKnownInEvent(event.payload().timeZone());
                    accounts.registered(event.payload());
                })
                .on(EventCatalog.CUSTOMER_UPDATED, event -> {
                    zones.requireKnownInEvent(event.payload().timeZone());
                    accounts.updated(event.payload());
                })
                .build();
    }

    /** {@code disputeEvents-in-0}: a resolved dispute's outcome credits or re-issues its invoice. */
    @Bean
    Consumer<Message<List<byte[]>>> disputeEvents(IncomingEvents events, ApplyingDisputeOutcome outcomes) {
        return events.consumer("invoice-dispute")
                .on(EventCatalog.DISPUTE_RESOLVED, event -> outcomes.resolved(event.payload()))
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> paymentEvents(IncomingEvents events, ApplyingPayment payments) {
        return events.consumer("invoice-payment")
                .onBatch(EventCatalog.PAYMENT_RECEIVED, payments::receivedAll)
                .on(EventCatalog.PAYMENT_REFUNDED, event -> payments.refunded(event.payload()))
                .build();
    }
}
