package dev.billing.billing.charge;

import dev.billing.support.money.AmountColumn;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;

/**
 * The largest line an invoice can hold. invoice-service keeps every amount in a numeric(19,4)
 * column, so below 10^15; a line's gross amount (quantity × unit price, plus tax) may therefore be at
 * most 999,999,999,999,999. A subscription, change, charge or late fee beyond it could never be
 * invoiced and is refused when it is made. Within the limit, billing's own numeric(19,4) columns
 * (a prorated quantity × unit price is stored as a unit price) hold it too.
 */
public final class LineLimit {
    /** The largest whole amount below the amount columns' bound (whole, so that the invoice's roundings keep it inside). */
    public static final BigDecimal MAX_GROSS = AmountColumn.BOUND.subtract(BigDecimal.ONE);
    private static final String MAX_GROSS_TEXT = MAX_GROSS.toPlainString();
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public static boolean fits(BigDecimal quantity, BigDecimal unitPrice, BigDecimal taxRate) {
        BigDecimal gross = quantity.multiply(unitPrice).abs().multiply(HUNDRED.add(taxRate)).movePointLeft(2);
        return gross.compareTo(MAX_GROSS) <= 0;
    }

    /** Refuses a line beyond the limit with a 400 naming {@code field}. */
    public static void require(String field, BigDecimal quantity, BigDecimal unitPrice, BigDecimal taxRate) {
        if (!fits(quantity, unitPrice, taxRate)) {
            throw ApiProblem.badRequest(field, "quantity × unitPrice plus tax must be at most " + MAX_GROSS_TEXT
                    + ", the largest amount an invoice line can hold");
        }
    }

    private LineLimit() {
    }
}
