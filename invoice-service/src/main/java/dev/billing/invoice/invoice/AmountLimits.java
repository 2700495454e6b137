package dev.billing.invoice.invoice;

import dev.billing.support.money.AmountColumn;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What the amount columns hold. Quantities, unit prices and every amount of an invoice (line net,
 * tax and gross; taxable amount and tax per rate; net, tax and grand total; open, credited and paid
 * amounts) are numeric(19,4): once rounded to 4 decimals, at most 15 integer digits, i.e. below
 * 1,000,000,000,000,000 either way. An invoice that would not fit is refused before anything is written.
 */
public final class AmountLimits {
    /** The rule as error messages state it. */
    public static final String RULE = "every amount must stay below 1000000000000000 (numeric(19,4))";

    /** Whether a numeric(19,4) column holds {@code value}. */
    public static boolean fits(BigDecimal value) {
        return AmountColumn.fits(value);
    }

    /**
     * The request field to blame for the first quantity, unit price or amount of {@code invoice} that does
     * not fit: {@code lines[i].quantity} or {@code lines[i].unitPrice} for a line, {@code lines} for the
     * invoice's totals; empty when everything fits.
     */
    public static Optional<String> tooLarge(List<InvoiceCalculator.LineInput> inputs, InvoiceCalculator.Result invoice) {
        for (int i = 0; i < inputs.size(); i++) {
            InvoiceCalculator.Line line = invoice.lines().get(i);
            if (!fits(inputs.get(i).quantity())) {
                return Optional.of("lines[" + i + "].quantity");
            }
            if (!fits(inputs.get(i).unitPrice()) || !fits(line.netAmount()) || !fits(line.taxAmount())
                    || !fits(line.grossAmount())) {
                return Optional.of("lines[" + i + "].unitPrice");
            }
        }
        boolean totalsFit = fits(invoice.netTotal()) && fits(invoice.taxTotal()) && fits(invoice.total())
                && invoice.taxSummary().stream().allMatch(t -> fits(t.taxableAmount()) && fits(t.taxAmount()));
        return totalsFit ? Optional.empty() : Optional.of("lines");
    }

    private AmountLimits() {
    }
}
