package dev.billing.support.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in a currency. Arithmetic keeps full precision; {@link #rounded()} rounds half-up to the
 * currency's minor unit, which the rules call only at their defined steps (line, tax per rate, total).
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        return new Money(amount.add(sameCurrency(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(sameCurrency(other).amount), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    /** {@code percent} % of this amount, unrounded. */
    public Money percent(BigDecimal percent) {
        return new Money(amount.multiply(percent).movePointLeft(2), currency);
    }

    public Money rounded() {
        return new Money(amount.setScale(minorDigits(currency), RoundingMode.HALF_UP), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /**
     * The amount with exactly the currency's minor digits (1440.0000 from a numeric(19,4) column is
     * 1440.00 TRY); one with more digits than the currency has is refused, never rounded away.
     */
    public static BigDecimal exact(BigDecimal amount, String currencyCode) {
        try {
            return amount.setScale(minorDigits(Currency.getInstance(currencyCode)), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(amount.toPlainString() + " has more decimals than " + currencyCode + " has");
        }
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /**
     * Minor digits used for invoice amounts. ISO 4217 gives HUF two, but fillér coins are gone and
     * forint amounts are settled and invoiced in whole forints, so HUF counts as 0; so does a currency
     * without minor units (JPY).
     */
    public static int minorDigits(Currency currency) {
        if ("HUF".equals(currency.getCurrencyCode())) {
            return 0;
        }
        return Math.max(currency.getDefaultFractionDigits(), 0);
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Currency mismatch: " + currency + " and " + other.currency);
        }
        return other;
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
