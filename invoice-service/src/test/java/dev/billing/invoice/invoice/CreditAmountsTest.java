package dev.billing.invoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditAmountsTest {
    private static final Currency TRY = Currency.getInstance("TRY");

    private static InvoiceCalculator.Result invoice(InvoiceCalculator.LineInput... lines) {
        return InvoiceCalculator.calculate(TRY, List.of(lines));
    }

    private static InvoiceCalculator.LineInput line(String quantity, String price, String rate) {
        return new InvoiceCalculator.LineInput("x", new BigDecimal(quantity), new BigDecimal(price), BigDecimal.ZERO,
                new BigDecimal(rate));
    }

    @Test
    void creditingEveryLineInFullGivesExactlyTheInvoicesFiguresPerRate() {
        // three lines of 0.05 at 10 %: each line's own tax rounds up to 0.01 (0.18 in all), the invoice's per-rate tax is 0.02
        InvoiceCalculator.Result invoice = invoice(line("1", "0.05", "10"), line("1", "0.05", "10"), line("1", "0.05", "10"));

        List<InvoiceCalculator.TaxRate> credit = CreditAmounts.byLines(TRY, invoice.lines(), Map.of(),
                Map.of(0, BigDecimal.ONE, 1, BigDecimal.ONE, 2, BigDecimal.ONE));

        assertThat(CreditAmounts.total(credit)).isEqualByComparingTo(invoice.total()).isEqualByComparingTo("0.17");
        assertThat(credit).singleElement().satisfies(rate -> {
            assertThat(rate.taxableAmount()).isEqualByComparingTo("0.15");
            assertThat(rate.taxAmount()).isEqualByComparingTo("0.02");
        });
    }

    @Test
    void partialCreditsByLinesNeverAddUpToMoreThanTheInvoice() {
        InvoiceCalculator.Result invoice = invoice(line("3", "0.05", "10"), line("7", "1.33", "20"));
        Map<Integer, BigDecimal> first = Map.of(0, BigDecimal.ONE, 1, new BigDecimal("3"));
        List<InvoiceCalculator.TaxRate> one = CreditAmounts.byLines(TRY, invoice.lines(), Map.of(), first);
        List<InvoiceCalculator.TaxRate> rest = CreditAmounts.byLines(TRY, invoice.lines(), first,
                Map.of(0, new BigDecimal("2"), 1, new BigDecimal("4")));

        assertThat(CreditAmounts.total(one).add(CreditAmounts.total(rest))).isEqualByComparingTo(invoice.total());
    }

    @Test
    void aCreditByAmountIsSplitOverTheRatesInProportionAndIntoTaxableAndTax() {
        // 100 net at 20 % (gross 120) and 100 net at 10 % (gross 110): 115 credited splits 60 / 55
        InvoiceCalculator.Result invoice = invoice(line("1", "100", "20"), line("1", "100", "10"));

        List<InvoiceCalculator.TaxRate> credit = CreditAmounts.byAmount(TRY, invoice.taxSummary(), new BigDecimal("115.00"));

        assertThat(CreditAmounts.total(credit)).isEqualByComparingTo("115.00");
        assertThat(credit).extracting(InvoiceCalculator.TaxRate::taxableAmount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("50.00"), new BigDecimal("50.00"));
        assertThat(credit).extracting(InvoiceCalculator.TaxRate::taxAmount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("5.00"), new BigDecimal("10.00"));
    }
}
