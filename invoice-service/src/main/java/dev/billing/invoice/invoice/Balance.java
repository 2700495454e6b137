package dev.billing.invoice.invoice;

import java.math.BigDecimal;

/**
 * How money moves an invoice's open amount and the customer's credit; nothing is created or lost:
 * for a payment, applied + credit = amount; for a refund, reopened - credit change = amount.
 * <ul>
 * <li>A payment applies up to the open amount; the rest is credit on the account.</li>
 * <li>A refund first takes back the credit its payment left (what is still there), then reopens the
 * invoice by at most what was paid on it; any rest is taken from the credit, which may go below zero
 * (the customer then owes it: the credit was already used elsewhere). On a cancelled invoice, whose
 * paid amount became credit, the whole refund comes out of the credit.</li>
 * <li>After a refund the status follows what is still paid: nothing paid is ISSUED, all of the open
 * amount paid is PAID, else PARTIALLY_PAID; credit notes never make an unpaid invoice look paid.</li>
 * </ul>
 */
public final class Balance {

    public record Applied(BigDecimal applied, BigDecimal overpaid, BigDecimal openAmount, InvoiceStatus status) {
    }

    /** {@code creditChange} is negative (credit taken back), {@code reopened} what the invoice is open again by. */
    public record Refunded(BigDecimal reopened, BigDecimal creditChange, BigDecimal openAmount, InvoiceStatus status) {
    }

    public static Applied payment(InvoiceStatus status, BigDecimal openAmount, BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A payment must be positive: " + amount);
        }
        if (!status.isOpen()) {
            return new Applied(BigDecimal.ZERO, amount, openAmount, status);
        }
        BigDecimal applied = amount.min(openAmount);
        BigDecimal open = openAmount.subtract(applied);
        return new Applied(applied, amount.subtract(applied), open,
                open.signum() == 0 ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID);
    }

    /**
     * @param paidSoFar       what payments (and credit) applied to the invoice, net of earlier refunds
     * @param creditLeftByPayment the credit the refunded payment left on the account, net of what its earlier refunds took back
     * @param creditBalance   the customer's credit in the invoice's currency now
     */
    public static Refunded refund(InvoiceStatus status, BigDecimal openAmount, BigDecimal paidSoFar,
                                  BigDecimal creditLeftByPayment, BigDecimal creditBalance, BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A refund must be positive: " + amount);
        }
        if (!status.isOpen() && status != InvoiceStatus.PAID) {
            return new Refunded(BigDecimal.ZERO, amount.negate(), openAmount, status);
        }
        BigDecimal takenBack = amount.min(creditLeftByPayment.max(BigDecimal.ZERO)).min(creditBalance.max(BigDecimal.ZERO));
        BigDecimal reopened = amount.subtract(takenBack).min(paidSoFar.max(BigDecimal.ZERO));
        BigDecimal open = openAmount.add(reopened);
        BigDecimal stillPaid = paidSoFar.subtract(reopened);
        InvoiceStatus next = reopened.signum() == 0 ? status
                : open.signum() == 0 ? InvoiceStatus.PAID
                : stillPaid.signum() == 0 ? InvoiceStatus.ISSUED : InvoiceStatus.PARTIALLY_PAID;
        return new Refunded(reopened, reopened.subtract(amount), open, next);
    }

    private Balance() {
    }
}
