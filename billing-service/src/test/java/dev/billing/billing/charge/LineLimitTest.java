package dev.billing.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LineLimitTest {
    private static boolean fits(String quantity, String unitPrice, String taxRate) {
        return LineLimit.fits(new BigDecimal(quantity), new BigDecimal(unitPrice), new BigDecimal(taxRate));
    }

    @Test
    void theGrossAmountWithTaxMustStayWithinFifteenDigits() {
        assertThat(fits("1", "999999999999999", "0")).isTrue();
        assertThat(fits("1", "999999999999999.0001", "0")).isFalse();
        assertThat(fits("1", "833333333333332.5", "20")).isTrue();   // 999,999,999,999,999.00 gross
        assertThat(fits("1", "833333333333333.5", "20")).isFalse();  // the net fits, the tax pushes it over
        assertThat(fits("9999999999999", "9999999999999", "0")).isFalse(); // each fits numeric(19,4), the product does not
        assertThat(fits("100000", "9999999999", "0")).isTrue();
    }

    @Test
    void creditsCountByTheirSize() {
        assertThat(fits("1", "-999999999999999", "0")).isTrue();
        assertThat(fits("2", "-999999999999999", "0")).isFalse();
    }

    @Test
    void refusalNamesTheField() {
        assertThatThrownBy(() -> LineLimit.require("unitPrice", new BigDecimal("9999999999999"), new BigDecimal("9999999999999"),
                BigDecimal.ZERO))
                .isInstanceOf(ApiProblem.class).extracting(e -> ((ApiProblem) e).field()).isEqualTo("unitPrice");
    }
}
