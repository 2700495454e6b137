package dev.billing.billing.terms;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;

/**
 * When and how an invoice is to be paid, and what lateness costs. Due date: NET = issue date + N
 * days; END_OF_MONTH = last day of the issue month + N days. Late fee: NONE, PERCENT_PER_MONTH of the
 * open amount (one month's worth when the invoice becomes overdue), or FIXED in the invoice's currency.
 */
public record PaymentTerms(DueRule dueRule, int days, List<String> paymentMethods, LateFee lateFee, BigDecimal lateFeeValue) {
    public static final Set<String> METHODS = Set.of("BANK_TRANSFER", "CARD", "CASH", "CHEQUE", "DIRECT_DEBIT");

    public enum DueRule { NET, END_OF_MONTH }

    public enum LateFee { NONE, PERCENT_PER_MONTH, FIXED }

    public LocalDate dueDate(LocalDate issueDate) {
        LocalDate base = dueRule == DueRule.END_OF_MONTH ? issueDate.with(TemporalAdjusters.lastDayOfMonth()) : issueDate;
        return base.plusDays(days);
    }

    /** The late fee for an invoice that became overdue with {@code openAmount} open; zero when there is none. */
    public BigDecimal lateFeeFor(BigDecimal openAmount) {
        return switch (lateFee) {
            case NONE -> BigDecimal.ZERO;
            case PERCENT_PER_MONTH -> openAmount.multiply(lateFeeValue).movePointLeft(2).setScale(4, RoundingMode.HALF_UP);
            case FIXED -> lateFeeValue;
        };
    }
}
