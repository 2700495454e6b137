package dev.billing.payment;

import dev.billing.events.EventCatalog;
import dev.billing.payment.automatic.PaymentPlanCopies;
import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.support.events.IncomingEvents;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code invoiceEvents-in-0}: the invoice copies that payments are checked against; {@code disputeEvents-in-0}:
 * which of them are disputed (no automatic charge meanwhile; a resolved or withdrawn dispute ends it); {@code reminderEvents-in-0}: their payment plans (charged
 * by instalment).
 */
@Configuration
public class PaymentConsumers {

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, InvoiceCopies invoices) {
        return events.consumer("payment-invoice")
                .on(EventCatalog.INVOICE_ISSUED, invoices::issued)
                .on(EventCatalog.INVOICE_PARTIALLY_PAID, invoices::partiallyPaid)
                .onBatch(EventCatalog.INVOICE_PAID, invoices::paid)
                .on(EventCatalog.INVOICE_REOPENED, invoices::reopened)
                .on(EventCatalog.CREDIT_NOTE_ISSUED, invoices::credited)
                .on(EventCatalog.INVOICE_CANCELLED, invoices::cancelled)
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> disputeEvents(IncomingEvents events, InvoiceCopies invoices) {
        return events.consumer("payment-dispute")
                .on(EventCatalog.DISPUTE_OPENED, invoices::disputeOpened)
                .on(EventCatalog.DISPUTE_RESOLVED, invoices::disputeResolved)
                .on(EventCatalog.DISPUTE_WITHDRAWN, invoices::disputeWithdrawn)
                .build();
    }

    @Bean
    Consumer<Message<List<byte[]>>> reminderEvents(IncomingEvents events, PaymentPlanCopies plans) {
        return events.consumer("payment-reminder")
                .on(EventCatalog.PAYMENT_PLAN_AGREED, plans::agreed)
                .on(EventCatalog.PAYMENT_PLAN_ENDED, plans::ended)
                .build();
    }
}
