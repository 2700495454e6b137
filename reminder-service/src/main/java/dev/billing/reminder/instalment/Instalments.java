package dev.billing.reminder.instalment;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * How a payment plan splits an open amount: {@code count} instalments of equal amounts in the currency's minor units,
 * the last one absorbing what the division leaves (100.00 in 3 is 33.33, 33.33, 33.34), the first on
 * {@code firstDueOn} and each further one a week, two weeks or a month later. Monthly dates count from the first
 * (a plan from 31 January falls on 28 February, then 31 March), so a short month does not move the rest.
 */
public final class Instalments {
    public static final int MAX_COUNT = 36;

    public enum Frequency { WEEKLY, BIWEEKLY, MONTHLY }

    public record Instalment(int position, LocalDate dueOn, BigDecimal amount) {
    }

    private Instalments() {
    }

    public static List<Instalment> split(BigDecimal total, String currency, int count, Frequency frequency, LocalDate firstDueOn) {
        if (count < 2 || count > MAX_COUNT) {
            throw new IllegalArgumentException("a plan has 2 to " + MAX_COUNT + " instalments, not " + count);
        }
        int digits = Money.minorDigits(Currency.getInstance(currency));
        BigDecimal exact = Money.exact(total, currency);
        if (exact.signum() <= 0) {
            throw new IllegalArgumentException("nothing is open to split");
        }
        BigDecimal each = exact.divide(BigDecimal.valueOf(count), digits, RoundingMode.DOWN);
        if (each.signum() == 0) {
            throw new IllegalArgumentException(exact.toPlainString() + " " + currency + " is too little for " + count + " instalments");
        }
        List<Instalment> instalments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BigDecimal amount = i < count - 1 ? each : exact.subtract(each.multiply(BigDecimal.valueOf(count - 1)));
            instalments.add(new Instalment(i + 1, dueOn(firstDueOn, frequency, i), amount));
        }
        return List.copyOf(instalments);
    }

    private static LocalDate dueOn(LocalDate first, Frequency frequency, int index) {
        return switch (frequency) {
            case WEEKLY -> first.plusWeeks(index);
            case BIWEEKLY -> first.plusWeeks(2L * index);
            case MONTHLY -> first.plusMonths(index);
        };
    }

    /**
     * Of instalments in order, how many are covered by {@code paid} (what was paid or credited since the plan began):
     * each counts once the payments reach the sum of it and all before it.
     */
    public static int covered(List<BigDecimal> amounts, BigDecimal paid) {
        BigDecimal sum = BigDecimal.ZERO;
        int covered = 0;
        for (BigDecimal amount : amounts) {
            sum = sum.add(amount);
            if (sum.compareTo(paid) > 0) {
                break;
            }
            covered++;
        }
        return covered;
    }
}
