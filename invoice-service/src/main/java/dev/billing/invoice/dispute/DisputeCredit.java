package dev.billing.invoice.dispute;

import java.math.BigDecimal;

/**
 * The rule for a dispute's CREDIT_NOTE outcome by amount that meets an invoice which changed while the dispute ran:
 * the approved amount is credited as far as the invoice is still open, never more (a payment that came in meanwhile
 * leaves less open; crediting more than is open is what no credit note may do). Nothing open any more: nothing to
 * credit, and the outcome is refused.
 */
public final class DisputeCredit {

    /** What to credit of {@code approved} when {@code open} is what the invoice still has open; zero: nothing can be. */
    public static BigDecimal creditable(BigDecimal approved, BigDecimal open) {
        if (approved.signum() <= 0 || open.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return approved.min(open);
    }

    /** Whether the credit is less than was approved. */
    public static boolean capped(BigDecimal approved, BigDecimal credited) {
        return credited.compareTo(approved) < 0;
    }

    private DisputeCredit() {
    }
}
