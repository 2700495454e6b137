package dev.billing.invoice.invoice;

import java.util.EnumSet;
import java.util.Set;

/** TO_BE_ISSUED -> ISSUED -> (PARTIALLY_PAID) -> PAID, or ISSUED/PARTIALLY_PAID -> CANCELLED (storno). */
public enum InvoiceStatus {
    TO_BE_ISSUED, ISSUED, PARTIALLY_PAID, PAID, CANCELLED;

    public Set<InvoiceStatus> next() {
        return switch (this) {
            case TO_BE_ISSUED -> EnumSet.of(ISSUED);
            case ISSUED -> EnumSet.of(PARTIALLY_PAID, PAID, CANCELLED);
            case PARTIALLY_PAID -> EnumSet.of(PARTIALLY_PAID, PAID, CANCELLED, ISSUED);
            case PAID -> EnumSet.of(PARTIALLY_PAID, ISSUED);
            case CANCELLED -> EnumSet.noneOf(InvoiceStatus.class);
        };
    }

    public boolean canMoveTo(InvoiceStatus target) {
        return next().contains(target);
    }

    public boolean isOpen() {
        return this == ISSUED || this == PARTIALLY_PAID;
    }
}
