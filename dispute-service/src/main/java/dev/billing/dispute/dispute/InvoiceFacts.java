package dev.billing.dispute.dispute;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the amount rules need of the invoice in question: its currency, what is still open of it, and its lines in
 * order (quantity, net amount and tax rate, as {@code InvoiceIssued.lines} gives them).
 */
public record InvoiceFacts(String currency, BigDecimal openAmount, List<Line> lines) {

    /** An invoice line as the rules need it. */
    public record Line(BigDecimal quantity, BigDecimal netAmount, BigDecimal taxRate) {
    }

    /** The lines' quantities, by position. */
    public List<BigDecimal> lineQuantities() {
        return lines.stream().map(Line::quantity).toList();
    }

    /**
     * The gross a credit note for these parts of lines (position to quantity) takes off the invoice, computed as
     * invoice-service computes a credit note by lines on an invoice nothing was credited of by lines before: each
     * line's net in proportion to the quantity, summed per tax rate, rounded to the currency's minor unit, the tax per
     * rate on that, rounded. (What was credited by hand since the invoice was issued is not known here.)
     */
    public BigDecimal grossOf(Map<Integer, BigDecimal> quantities) {
        Currency money = Currency.getInstance(currency);
        Map<BigDecimal, BigDecimal> netPerRate = new TreeMap<>();
        quantities.forEach((position, quantity) -> {
            Line line = lines.get(position);
            netPerRate.merge(line.taxRate().stripTrailingZeros(),
                    line.netAmount().multiply(quantity).divide(line.quantity(), 10, RoundingMode.HALF_UP), BigDecimal::add);
        });
        BigDecimal gross = BigDecimal.ZERO;
        for (Map.Entry<BigDecimal, BigDecimal> rate : netPerRate.entrySet()) {
            Money taxable = new Money(rate.getValue(), money).rounded();
            gross = gross.add(taxable.amount()).add(taxable.percent(rate.getKey()).rounded().amount());
        }
        return Money.exact(gross, currency);
    }
}
