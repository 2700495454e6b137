package dev.billing.billing.dispute;

import java.math.BigDecimal;

/**
 * No late fee while an invoice is disputed. An invoice that became overdue during the dispute gets its late fee when
 * the dispute ends with the invoice standing as issued — {@code REJECTED}, or withdrawn by the customer — and only if
 * something of it is still open then (on what is open then). A {@code CREDIT_NOTE} or {@code REISSUE} outcome changed
 * what the customer owes, so the fee held for the disputed amount is dropped (as for any other, unknown, outcome).
 */
public final class DisputedLateFee {
    /** How a dispute ended; {@code outcome} is DisputeResolved's, null for a withdrawal. */
    public static boolean chargedAtEnd(boolean withdrawn, String outcome, boolean becameOverdue, BigDecimal openNow) {
        if (!becameOverdue || openNow == null || openNow.signum() <= 0) {
            return false;
        }
        return withdrawn || "REJECTED".equals(outcome);
    }

    private DisputedLateFee() {
    }
}
