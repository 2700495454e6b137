package dev.billing.invoice.invoice;

import java.math.BigDecimal;

/**
 * How money moves an invoice's open amount. A payment applies up to the open amount; the rest is
 * credit left on the account. A refund reopens at most what was paid.
 */
public final class Balance {

    public record Applied(BigDecimal applied, BigDecimal overpaid, BigDecimal openAmount, InvoiceStatus status) {
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

    /** {@code paidSoFar} is what payments applied, net of earlier refunds. */
    public static Applied refund(InvoiceStatus status, BigDecimal openAmount, BigDecimal total, BigDecimal paidSoFar,
                                 BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A refund must be positive: " + amount);
        }
        if (status == InvoiceStatus.CANCELLED || status == InvoiceStatus.TO_BE_ISSUED) {
            return new Applied(BigDecimal.ZERO, BigDecimal.ZERO, openAmount, status);
        }
        BigDecimal reopened = amount.min(paidSoFar);
        BigDecimal open = openAmount.add(reopened);
        InvoiceStatus next = open.signum() == 0 ? InvoiceStatus.PAID
                : open.compareTo(total) >= 0 ? InvoiceStatus.ISSUED : InvoiceStatus.PARTIALLY_PAID;
        return new Applied(reopened.negate(), BigDecimal.ZERO, open, next);
    }

    private Balance() {
    }
}
