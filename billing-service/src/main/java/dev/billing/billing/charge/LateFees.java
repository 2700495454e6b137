package dev.billing.billing.charge;

import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.IncomingEvents;
import dev.billing.support.events.InvalidEventException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code invoiceEvents-in-0}: when an invoice becomes overdue and the account's terms have a
 * late fee, the fee is added as a separate charge to the next invoice — an issued invoice is never changed —
 * taxed at the terms' late-fee tax rate. A FIXED fee is charged only for invoices in its own currency.
 */
@Configuration
public class LateFees {

    @Bean
    Consumer<Message<byte[]>> invoiceEvents(IncomingEvents events, Customers customers, PendingCharges pending, Clock clock) {
        return events.consumer("billing-invoice")
                .on(EventCatalog.INVOICE_OVERDUE, event -> charge(event.payload(), customers, pending, clock))
                .build();
    }

    static void charge(InvoiceOverdue overdue, Customers customers, PendingCharges pending, Clock clock) {
        Customer customer = customers.find(overdue.customerId()).orElse(null);
        if (customer == null) {
            return;
        }
        BigDecimal fee = customer.terms().lateFeeFor(overdue.openAmount(), overdue.currency());
        if (fee.signum() <= 0) {
            return;
        }
        BigDecimal taxRate = customer.terms().lateFeeTaxRate();
        if (!LineLimit.fits(BigDecimal.ONE, fee, taxRate)) {
            throw new InvalidEventException("Late fee " + fee.toPlainString() + " for invoice " + overdue.number()
                    + " (open amount " + overdue.openAmount().toPlainString() + ") is above " + LineLimit.MAX_GROSS
                    + ", the largest amount an invoice line can hold");
        }
        pending.add(new PendingCharges.Charge(UUID.randomUUID(), customer.id(), null,
                Labels.of("late-fee", customer.language()) + ": " + overdue.number(), BigDecimal.ONE, fee, taxRate,
                overdue.currency(), "LATE_FEE", "late-fee:" + overdue.invoiceId()), clock.instant());
    }
}
