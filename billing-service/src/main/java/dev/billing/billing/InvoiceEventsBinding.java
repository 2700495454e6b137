package dev.billing.billing;

import dev.billing.billing.charge.LateFees;
import dev.billing.billing.dispute.DisputedInvoices;
import dev.billing.billing.dispute.EndingDispute;
import dev.billing.billing.rebill.ReleasingCancelledInvoice;
import dev.billing.events.EventCatalog;
import dev.billing.support.events.IncomingEvents;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code invoiceEvents-in-0} (invoice.events): an overdue invoice may bring a late fee; a
 * cancelled one releases its billing request's charges and lets its period be billed again on request (not one
 * replaced by a corrected invoice after a dispute: its {@code InvoiceCancelled} names no request, the corrected invoice
 * carries it on).
 * Each event once (inbox), in the transaction of its effect.
 */
@Configuration
class InvoiceEventsBinding {

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, LateFees lateFees, ReleasingCancelledInvoice releasing,
                                                  DisputedInvoices disputed) {
        return events.consumer("billing-invoice")
                .on(EventCatalog.INVOICE_OVERDUE, event -> lateFees.charge(event.payload()))
                .on(EventCatalog.INVOICE_CANCELLED, event -> {
                    releasing.release(event.payload());
                    disputed.openAmount(event.payload().invoiceId(), BigDecimal.ZERO);
                })
                // what is open of a disputed invoice, for the late fee held until its dispute ends
                .onBatch(EventCatalog.INVOICE_PAID, paid -> disputed.openAmount(paid.stream().map(event -> event.payload().invoiceId()).toList(),
                        BigDecimal.ZERO))
                .on(EventCatalog.INVOICE_PARTIALLY_PAID, event -> disputed.openAmount(event.payload().invoiceId(),
                        event.payload().openAmount()))
                .on(EventCatalog.CREDIT_NOTE_ISSUED, event -> disputed.openAmount(event.payload().invoiceId(),
                        event.payload().openAmount()))
                .on(EventCatalog.INVOICE_REOPENED, event -> disputed.openAmount(event.payload().invoiceId(),
                        event.payload().openAmount()))
                .build();
    }

    /**
     * Binding {@code disputeEvents-in-0} (dispute.events): an invoice under dispute gets no late fee; when the dispute
     * ends, a fee held meanwhile is added or dropped ({@link dev.billing.billing.dispute.DisputedLateFee}).
     */
    @Bean
    Consumer<Message<List<byte[]>>> disputeEvents(IncomingEvents events, EndingDispute disputes) {
        return events.consumer("billing-dispute")
                .on(EventCatalog.DISPUTE_OPENED, event -> disputes.opened(event.payload()))
                .on(EventCatalog.DISPUTE_RESOLVED, event -> disputes.resolved(event.payload()))
                .on(EventCatalog.DISPUTE_WITHDRAWN, event -> disputes.withdrawn(event.payload()))
                .build();
    }
}
