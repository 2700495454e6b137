package dev.billing.support.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void roundsHalfUpToTheCurrencysMinorUnitOnlyWhenAsked() {
        Money price = Money.of("33.335", "TRY").times(new BigDecimal("3"));
        assertThat(price.amount()).isEqualByComparingTo("100.005");
        assertThat(price.rounded().amount()).isEqualTo(new BigDecimal("100.01"));
        assertThat(Money.of("999.5", "JPY").rounded().amount()).isEqualTo(new BigDecimal("1000"));
        assertThat(Money.of("-0.005", "EUR").rounded().amount()).isEqualTo(new BigDecimal("-0.01"));
        assertThat(Money.of("12700.50", "HUF").rounded().amount()).isEqualTo(new BigDecimal("12701"));
    }

    @Test
    void percentAndArithmeticStayExact() {
        assertThat(Money.of("0.10", "EUR").percent(new BigDecimal("20")).amount()).isEqualByComparingTo("0.02");
        assertThat(Money.of("0.1", "USD").plus(Money.of("0.2", "USD")).amount()).isEqualByComparingTo("0.3");
        assertThat(Money.zero(Currency.getInstance("HUF")).isZero()).isTrue();
    }

    @Test
    void currenciesDoNotMix() {
        assertThatThrownBy(() -> Money.of("1", "EUR").plus(Money.of("1", "TRY"))).isInstanceOf(IllegalArgumentException.class);
    }
}
