package dev.billing.invoice.invoice;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a credit note takes off an invoice, per tax rate, rounded as the invoice was (tax per rate
 * over the summed nets), so that crediting every line in full gives exactly the invoice's figures and
 * partial credits never add up to more.
 * <ul>
 * <li>By lines: the credited part of each line's net is summed per rate over everything credited so
 * far including this note, its tax taken per rate; this note is that minus what earlier notes took.</li>
 * <li>By amount: the amount is split over the rates in proportion to what is still uncredited per
 * rate (gross), and each part into taxable amount and tax at its rate.</li>
 * </ul>
 */
public final class CreditAmounts {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** {@code creditedBefore} and {@code creditNow} are quantities per line position. */
    public static List<InvoiceCalculator.TaxRate> byLines(Currency currency, List<InvoiceCalculator.Line> lines,
                                                          Map<Integer, BigDecimal> creditedBefore,
                                                          Map<Integer, BigDecimal> creditNow) {
        Map<BigDecimal, BigDecimal> netBefore = new TreeMap<>();
        Map<BigDecimal, BigDecimal> netAfter = new TreeMap<>();
        for (int position = 0; position < lines.size(); position++) {
            InvoiceCalculator.Line line = lines.get(position);
            BigDecimal before = creditedBefore.getOrDefault(position, BigDecimal.ZERO);
            BigDecimal after = before.add(creditNow.getOrDefault(position, BigDecimal.ZERO));
            netBefore.merge(line.taxRate(), part(line, before), BigDecimal::add);
            netAfter.merge(line.taxRate(), part(line, after), BigDecimal::add);
        }
        List<InvoiceCalculator.TaxRate> credit = new ArrayList<>();
        for (BigDecimal rate : netAfter.keySet()) {
            InvoiceCalculator.TaxRate before = perRate(currency, rate, netBefore.get(rate));
            InvoiceCalculator.TaxRate after = perRate(currency, rate, netAfter.get(rate));
            BigDecimal taxable = after.taxableAmount().subtract(before.taxableAmount());
            BigDecimal tax = after.taxAmount().subtract(before.taxAmount());
            if (taxable.signum() != 0 || tax.signum() != 0) {
                credit.add(new InvoiceCalculator.TaxRate(rate, taxable, tax));
            }
        }
        return credit;
    }

    /**
     * {@code credit} per rate, at most what is still uncredited of each rate ({@code remaining}): an
     * earlier credit by amount took part of every rate, which a credit by lines cannot see.
     */
    public static List<InvoiceCalculator.TaxRate> capped(List<InvoiceCalculator.TaxRate> credit,
                                                         List<InvoiceCalculator.TaxRate> remaining) {
        List<InvoiceCalculator.TaxRate> capped = new ArrayList<>();
        for (InvoiceCalculator.TaxRate rate : credit) {
            InvoiceCalculator.TaxRate left = remaining.stream().filter(r -> r.taxRate().compareTo(rate.taxRate()) == 0)
                    .findFirst().orElse(new InvoiceCalculator.TaxRate(rate.taxRate(), BigDecimal.ZERO, BigDecimal.ZERO));
            BigDecimal taxable = rate.taxableAmount().min(left.taxableAmount().max(BigDecimal.ZERO));
            BigDecimal tax = rate.taxAmount().min(left.taxAmount().max(BigDecimal.ZERO));
            if (taxable.signum() != 0 || tax.signum() != 0) {
                capped.add(new InvoiceCalculator.TaxRate(rate.taxRate(), taxable, tax));
            }
        }
        return capped;
    }

    /** {@code remaining}: the invoice's figures per rate less what earlier credit notes took; nothing left, nothing credited. */
    public static List<InvoiceCalculator.TaxRate> byAmount(Currency currency, List<InvoiceCalculator.TaxRate> remaining,
                                                           BigDecimal amount) {
        BigDecimal remainingGross = remaining.stream().map(CreditAmounts::gross).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<InvoiceCalculator.TaxRate> credit = new ArrayList<>();
        if (remainingGross.signum() <= 0) {
            return credit;
        }
        BigDecimal left = amount;
        for (int i = 0; i < remaining.size(); i++) {
            InvoiceCalculator.TaxRate rate = remaining.get(i);
            BigDecimal part = i == remaining.size() - 1 ? left : new Money(amount.multiply(gross(rate))
                    .divide(remainingGross, 10, RoundingMode.HALF_UP), currency).rounded().amount();
            left = left.subtract(part);
            BigDecimal taxable = new Money(part.multiply(HUNDRED).divide(HUNDRED.add(rate.taxRate()), 10, RoundingMode.HALF_UP),
                    currency).rounded().amount();
            if (part.signum() != 0) {
                credit.add(new InvoiceCalculator.TaxRate(rate.taxRate(), taxable, part.subtract(taxable)));
            }
        }
        return credit;
    }

    /** The invoice's figures per rate less the credited ones. */
    public static List<InvoiceCalculator.TaxRate> remaining(List<InvoiceCalculator.TaxRate> invoice,
                                                            List<InvoiceCalculator.TaxRate> credited) {
        List<InvoiceCalculator.TaxRate> remaining = new ArrayList<>();
        for (InvoiceCalculator.TaxRate rate : invoice) {
            BigDecimal taxable = rate.taxableAmount();
            BigDecimal tax = rate.taxAmount();
            for (InvoiceCalculator.TaxRate c : credited) {
                if (c.taxRate().compareTo(rate.taxRate()) == 0) {
                    taxable = taxable.subtract(c.taxableAmount());
                    tax = tax.subtract(c.taxAmount());
                }
            }
            remaining.add(new InvoiceCalculator.TaxRate(rate.taxRate(), taxable, tax));
        }
        return remaining;
    }

    public static BigDecimal gross(InvoiceCalculator.TaxRate rate) {
        return rate.taxableAmount().add(rate.taxAmount());
    }

    public static BigDecimal total(List<InvoiceCalculator.TaxRate> rates) {
        return rates.stream().map(CreditAmounts::gross).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal part(InvoiceCalculator.Line line, BigDecimal quantity) {
        return line.netAmount().multiply(quantity).divide(line.quantity(), 10, RoundingMode.HALF_UP);
    }

    private static InvoiceCalculator.TaxRate perRate(Currency currency, BigDecimal rate, BigDecimal net) {
        Money taxable = new Money(net, currency).rounded();
        return new InvoiceCalculator.TaxRate(rate, taxable.amount(), taxable.percent(rate).rounded().amount());
    }

    private CreditAmounts() {
    }
}
