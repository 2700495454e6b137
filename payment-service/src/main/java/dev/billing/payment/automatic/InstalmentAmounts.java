package dev.billing.payment.automatic;

import java.math.BigDecimal;
import java.util.List;

/**
 * What an automatic charge takes for an instalment of a payment plan: what the plan asked for through that instalment,
 * less what was paid on the invoice since the plan began (by any means: earlier instalments, a transfer, credit), at
 * most what is still open. Nothing (zero) when earlier payments already cover it. What was paid is what the invoice's
 * open amount says, or what the plan's automatic charges took if that is more: the invoice copy may not show an
 * instalment charged yesterday yet (invoice-service applies it), and it must not be charged again.
 */
public final class InstalmentAmounts {
    private InstalmentAmounts() {
    }

    /**
     * {@code instalments}: the plan's amounts in order; {@code position}: 1 for the first; {@code planTotal}: what they add
     * up to (the open amount when the plan began); {@code openAmount}: what is open on the invoice now; {@code charged}:
     * what the plan's automatic charges took so far.
     */
    public static BigDecimal due(List<BigDecimal> instalments, int position, BigDecimal planTotal, BigDecimal openAmount,
                                 BigDecimal charged) {
        if (position < 1 || position > instalments.size()) {
            throw new IllegalArgumentException("position must be 1 to " + instalments.size() + ", was " + position);
        }
        BigDecimal through = instalments.subList(0, position).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal paidSince = planTotal.subtract(openAmount).max(charged);
        BigDecimal due = through.subtract(paidSince).min(planTotal.subtract(paidSince)).min(openAmount);
        return due.signum() > 0 ? due : BigDecimal.ZERO.setScale(openAmount.scale());
    }
}
