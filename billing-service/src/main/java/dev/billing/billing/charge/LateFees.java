package dev.billing.billing.charge;

import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.InvalidEventException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * When an invoice becomes overdue and the account's terms have a late fee, the fee is added as a
 * separate charge to the next invoice (an issued invoice is never changed), taxed at the terms'
 * late-fee tax rate. A FIXED fee is charged only for invoices in its own currency.
 */
@Service
public class LateFees {
    private final Customers customers;
    private final PendingCharges pending;
    private final Clock clock;

    public LateFees(Customers customers, PendingCharges pending, Clock clock) {
        this.customers = customers;
        this.pending = pending;
        this.clock = clock;
    }

    public void charge(InvoiceOverdue overdue) {
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
