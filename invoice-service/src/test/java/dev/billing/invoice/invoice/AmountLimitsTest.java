package dev.billing.invoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AmountLimitsTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    private static InvoiceCalculator.LineInput line(String quantity, String unitPrice, String taxRate) {
        return new InvoiceCalculator.LineInput("x", new BigDecimal(quantity), new BigDecimal(unitPrice), BigDecimal.ZERO,
                new BigDecimal(taxRate));
    }

    private static Optional<String> tooLarge(List<InvoiceCalculator.LineInput> lines) {
        return AmountLimits.tooLarge(lines, InvoiceCalculator.calculate(EUR, lines));
    }

    @Test
    void numeric19And4HoldsFifteenIntegerDigitsAfterRoundingToFourDecimals() {
        assertThat(AmountLimits.fits(new BigDecimal("999999999999999.9999"))).isTrue();
        assertThat(AmountLimits.fits(new BigDecimal("-999999999999999.9999"))).isTrue();
        assertThat(AmountLimits.fits(new BigDecimal("999999999999999.99995"))).isFalse(); // rounds to 10^15
        assertThat(AmountLimits.fits(new BigDecimal("1E+15"))).isFalse();
        assertThat(AmountLimits.fits(new BigDecimal("0.00001"))).isTrue();
    }

    @Test
    void aLineWhoseAmountsDoNotFitBlamesItsUnitPrice() {
        assertThat(tooLarge(List.of(line("1", "10", "20"), line("9999999999999", "9999999999999", "0"))))
                .contains("lines[1].unitPrice");
        // the net fits, the gross with 20 % tax does not
        assertThat(tooLarge(List.of(line("1", "900000000000000", "20")))).contains("lines[0].unitPrice");
        assertThat(tooLarge(List.of(line("1", "1E+15", "0")))).contains("lines[0].unitPrice");
        assertThat(tooLarge(List.of(line("1E+15", "0.0001", "0")))).contains("lines[0].quantity");
    }

    @Test
    void linesThatFitButSumBeyondTheLimitBlameTheLines() {
        assertThat(tooLarge(Collections.nCopies(3, line("1", "400000000000000", "0")))).contains("lines");
        assertThat(tooLarge(Collections.nCopies(2, line("1", "400000000000000", "0")))).isEmpty();
    }

    @Test
    void largestLineThatFits() {
        assertThat(tooLarge(List.of(line("1", "999999999999999.99", "0")))).isEmpty();
        assertThat(tooLarge(List.of(line("1", "999999999999999.995", "0")))).contains("lines[0].unitPrice"); // net rounds to 10^15
    }
}
