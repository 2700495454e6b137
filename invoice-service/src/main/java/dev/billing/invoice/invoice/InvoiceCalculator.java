package dev.billing.invoice.invoice;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Invoice arithmetic. Rounding (half-up, to the currency's minor unit) happens at three defined
 * steps only: each line's net amount, the tax of each rate over the summed nets of that rate, and
 * the total (net total + tax total). A line's own tax is shown rounded, but the invoice's tax is the
 * per-rate tax, as KDV/AFA summaries require.
 */
public final class InvoiceCalculator {

    /** A line to price; {@code discountPercent} (0-100) reduces quantity x unit price before tax. */
    public record LineInput(String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountPercent,
                            BigDecimal taxRate) {
    }

    public record Line(String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountPercent,
                       BigDecimal taxRate, BigDecimal netAmount, BigDecimal taxAmount, BigDecimal grossAmount) {
    }

    public record TaxRate(BigDecimal taxRate, BigDecimal taxableAmount, BigDecimal taxAmount) {
    }

    public record Result(List<Line> lines, List<TaxRate> taxSummary, BigDecimal netTotal, BigDecimal taxTotal,
                         BigDecimal total) {
    }

    public static Result calculate(Currency currency, List<LineInput> inputs) {
        List<Line> lines = new ArrayList<>();
        Map<BigDecimal, Money> netByRate = new TreeMap<>();
        Money net = Money.zero(currency);
        for (LineInput in : inputs) {
            BigDecimal discount = in.discountPercent() == null ? BigDecimal.ZERO : in.discountPercent();
            Money gross = new Money(in.unitPrice(), currency).times(in.quantity());
            Money lineNet = gross.minus(gross.percent(discount)).rounded();
            Money lineTax = lineNet.percent(in.taxRate()).rounded();
            BigDecimal rate = in.taxRate().stripTrailingZeros();
            lines.add(new Line(in.description(), in.quantity(), in.unitPrice(), discount.stripTrailingZeros(), rate,
                    lineNet.amount(), lineTax.amount(),
                    lineNet.plus(lineTax).amount()));
            netByRate.merge(rate, lineNet, Money::plus);
            net = net.plus(lineNet);
        }
        List<TaxRate> summary = new ArrayList<>();
        Money tax = Money.zero(currency).rounded();
        for (Map.Entry<BigDecimal, Money> entry : netByRate.entrySet()) {
            Money rateTax = entry.getValue().percent(entry.getKey()).rounded();
            summary.add(new TaxRate(entry.getKey(), entry.getValue().rounded().amount(), rateTax.amount()));
            tax = tax.plus(rateTax);
        }
        Money roundedNet = net.rounded();
        return new Result(lines, summary, roundedNet.amount(), tax.amount(), roundedNet.plus(tax).rounded().amount());
    }

    private InvoiceCalculator() {
    }
}
