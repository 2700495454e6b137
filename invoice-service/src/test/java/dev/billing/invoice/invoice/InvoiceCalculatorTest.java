package dev.billing.invoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceCalculatorTest {
    private static InvoiceCalculator.LineInput line(String qty, String price, String rate) {
        return new InvoiceCalculator.LineInput("x", new BigDecimal(qty), new BigDecimal(price), BigDecimal.ZERO, new BigDecimal(rate));
    }

    @Test
    void severalKdvRatesOnOneInvoiceAreSummarisedPerRate() {
        InvoiceCalculator.Result result = InvoiceCalculator.calculate(Currency.getInstance("TRY"), List.of(
                line("1", "15000.00", "20"), line("3", "33.335", "10"), line("2", "0.005", "1"), line("1", "250", "0"),
                line("1", "0.10", "20")));
        assertThat(result.lines()).extracting(InvoiceCalculator.Line::netAmount).containsExactly(
                new BigDecimal("15000.00"), new BigDecimal("100.01"), new BigDecimal("0.01"), new BigDecimal("250.00"),
                new BigDecimal("0.10"));
        assertThat(result.taxSummary()).extracting(t -> t.taxRate().toPlainString() + ":" + t.taxableAmount() + ":" + t.taxAmount())
                .containsExactly("0:250.00:0.00", "1:0.01:0.00", "10:100.01:10.00", "20:15000.10:3000.02");
        assertThat(result.netTotal()).isEqualByComparingTo("15350.12");
        assertThat(result.taxTotal()).isEqualByComparingTo("3010.02");
        assertThat(result.total()).isEqualByComparingTo("18360.14");
    }

    @Test
    void taxIsRoundedPerRateNotPerLine() {
        // three lines of 0.05 at 10 %: per line 0.01 (0.005 rounded up) x3 = 0.03, per rate 0.015 -> 0.02
        InvoiceCalculator.Result result = InvoiceCalculator.calculate(Currency.getInstance("EUR"), List.of(
                line("1", "0.05", "10"), line("1", "0.05", "10"), line("1", "0.05", "10")));
        assertThat(result.taxTotal()).isEqualByComparingTo("0.02");
        assertThat(result.total()).isEqualByComparingTo("0.17");
    }

    @Test
    void discountReducesTheNetBeforeTax() {
        InvoiceCalculator.Result result = InvoiceCalculator.calculate(Currency.getInstance("TRY"), List.of(
                new InvoiceCalculator.LineInput("Kampanya", new BigDecimal("3"), new BigDecimal("1000"), new BigDecimal("12.5"),
                        new BigDecimal("20"))));
        assertThat(result.lines().get(0).netAmount()).isEqualByComparingTo("2625.00");
        assertThat(result.taxTotal()).isEqualByComparingTo("525.00");
        assertThat(result.total()).isEqualByComparingTo("3150.00");
    }

    @Test
    void currencyWithoutMinorUnitsRoundsToWholeUnits() {
        InvoiceCalculator.Result result = InvoiceCalculator.calculate(Currency.getInstance("JPY"), List.of(line("1", "999.5", "10")));
        assertThat(result.netTotal()).isEqualByComparingTo("1000");
        assertThat(result.total()).isEqualByComparingTo("1100");
        assertThat(result.total().scale()).isZero();
    }
}
