package dev.billing.billing.charge;

import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.billing.dispute.DisputedInvoices;
import dev.billing.billing.dispute.DisputedLateFee;
import dev.billing.billing.dispute.EndingDispute;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.InvalidEventException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * When an invoice becomes overdue and the account's terms have a late fee, the fee is added as a
 * separate charge to the next invoice (an issued invoice is never changed), taxed at the terms'
 * late-fee tax rate. A FIXED fee is charged only for invoices in its own currency. While the invoice is disputed
 * there is no late fee: the overdue waits for the dispute's end ({@link DisputedLateFee}).
 */
@Service
public class LateFees {
    private final Customers customers;
    private final PendingCharges pending;
    private final DisputedInvoices disputed;
    private final Clock clock;

    public LateFees(Customers customers, PendingCharges pending, DisputedInvoices disputed, Clock clock) {
        this.customers = customers;
        this.disputed = disputed;
        this.pending = pending;
        this.clock = clock;
    }

    /** The invoice became overdue: its late fee now, or, while it is disputed, when the dispute ends ({@link EndingDispute}). */
    public void charge(InvoiceOverdue overdue) {
        if (disputed.lockDisputed(overdue.invoiceId())) {
            disputed.holdOverdue(overdue.invoiceId(), overdue.number(), overdue.currency(), overdue.openAmount());
            return;
        }
        chargeNow(overdue.invoiceId(), overdue.customerId(), overdue.number(), overdue.currency(), overdue.openAmount());
    }

    /** The late fee of an overdue invoice with {@code openAmount} open; once per invoice. */
    public void chargeNow(UUID invoiceId, UUID customerId, String number, String currency, BigDecimal openAmount) {
        Customer customer = customers.find(customerId).orElse(null);
        if (customer == null) {
            return;
        }
        BigDecimal fee = customer.terms().lateFeeFor(openAmount, currency);
        if (fee.signum() <= 0) {
            return;
        }
        BigDecimal taxRate = customer.terms().lateFeeTaxRate();
        if (!LineLimit.fits(BigDecimal.ONE, fee, taxRate)) {
            throw new InvalidEventException("Late fee " + fee.toPlainString() + " for invoice " + number
                    + " (open amount " + openAmount.toPlainString() + ") is above " + LineLimit.MAX_GROSS
                    + ", the largest amount an invoice line can hold");
        }
        pending.add(new PendingCharges.Charge(UUID.randomUUID(), customer.id(), null,
                Labels.of("late-fee", customer.language()) + ": " + number, BigDecimal.ONE, fee, taxRate,
                currency, "LATE_FEE", "late-fee:" + invoiceId), clock.instant());
    }
}
