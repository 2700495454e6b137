package dev.billing.billing.terms;

import dev.billing.events.billing.DueRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentTermsTest {
    private static PaymentTerms terms(DueRule rule, int days, PaymentTerms.LateFee fee, String value) {
        return new PaymentTerms(rule, days, List.of("BANK_TRANSFER"), fee, new BigDecimal(value),
                fee == PaymentTerms.LateFee.FIXED ? "EUR" : null, BigDecimal.ZERO);
    }

    @Test
    void dueDateRules() {
        LocalDate issued = LocalDate.of(2027, 2, 10);
        assertThat(terms(DueRule.NET, 14, PaymentTerms.LateFee.NONE, "0").dueDate(issued))
                .isEqualTo(LocalDate.of(2027, 2, 24));
        assertThat(terms(DueRule.END_OF_MONTH, 10, PaymentTerms.LateFee.NONE, "0").dueDate(issued))
                .isEqualTo(LocalDate.of(2027, 3, 10));
        assertThat(terms(DueRule.END_OF_MONTH, 0, PaymentTerms.LateFee.NONE, "0").dueDate(LocalDate.of(2028, 2, 1)))
                .isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void lateFees() {
        assertThat(terms(DueRule.NET, 0, PaymentTerms.LateFee.NONE, "0").lateFeeFor(new BigDecimal("1000"), "EUR"))
                .isEqualByComparingTo("0");
        assertThat(terms(DueRule.NET, 0, PaymentTerms.LateFee.PERCENT_PER_MONTH, "2.5")
                .lateFeeFor(new BigDecimal("1234.56"), "EUR")).isEqualByComparingTo("30.8640");
        assertThat(terms(DueRule.NET, 0, PaymentTerms.LateFee.FIXED, "150").lateFeeFor(new BigDecimal("10"), "EUR"))
                .isEqualByComparingTo("150");
    }

    @Test
    void aFixedLateFeeIsChargedOnlyForInvoicesInItsCurrency() {
        PaymentTerms fixed = terms(DueRule.NET, 0, PaymentTerms.LateFee.FIXED, "40");
        assertThat(fixed.lateFeeFor(new BigDecimal("100000"), "EUR")).isEqualByComparingTo("40");
        assertThat(fixed.lateFeeFor(new BigDecimal("100000"), "HUF")).as("40 EUR are not 40 HUF").isZero();
    }

    @Test
    void aFixedLateFeeWithoutCurrencyIsRefusedAndTheTaxRateIsKept() {
        assertThatThrownBy(() -> new TermsRequest(null, null, "FIXED", "40", null, null).toTerms("terms.", 8, TermsRequest.DEFAULTS))
                .isInstanceOf(ApiProblem.class).extracting(e -> ((ApiProblem) e).field()).isEqualTo("terms.lateFeeCurrency");
        PaymentTerms turkish = new TermsRequest(null, null, "PERCENT_PER_MONTH", "2", null, "20")
                .toTerms("terms.", 8, TermsRequest.DEFAULTS);
        assertThat(turkish.lateFeeTaxRate()).isEqualByComparingTo("20");
        assertThat(turkish.lateFeeCurrency()).isNull();
        PaymentTerms changedDays = new TermsRequest(null, null, null, null, null, null).toTerms("terms.", 30, turkish);
        assertThat(changedDays.lateFeeTaxRate()).isEqualByComparingTo("20");
    }
}
