package dev.billing.billing.terms;

import dev.billing.events.billing.DueRule;
import dev.billing.events.payment.PaymentMethods;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * When and how an invoice is to be paid, and what lateness costs. Due date: NET = issue date + N
 * days; END_OF_MONTH = last day of the issue month + N days. Late fee: NONE, PERCENT_PER_MONTH of the
 * open amount (one month's worth when the invoice becomes overdue), or FIXED: an amount in
 * {@code lateFeeCurrency}, charged only for invoices in that currency (billing converts no currencies).
 * A late fee is taxed at {@code lateFeeTaxRate}: in Türkiye the rate of the main supply (KDV applies),
 * in Hungary 0 (késedelmi kamat and the behajtási költségátalány are outside the scope of ÁFA).
 */
public record PaymentTerms(DueRule dueRule, int days, List<String> paymentMethods, LateFee lateFee, BigDecimal lateFeeValue,
                           String lateFeeCurrency, BigDecimal lateFeeTaxRate) {
    /** {@link PaymentMethods#ALL}: the methods of the payments, too. */
    public static final Set<String> METHODS = Set.copyOf(PaymentMethods.ALL);

    public enum LateFee { NONE, PERCENT_PER_MONTH, FIXED }

    public LocalDate dueDate(LocalDate issueDate) {
        return dueRule.dueDate(issueDate, days);
    }

    /** The late fee (net) for an invoice in {@code currency} that became overdue with {@code openAmount} open; zero when there is none. */
    public BigDecimal lateFeeFor(BigDecimal openAmount, String currency) {
        return switch (lateFee) {
            case NONE -> BigDecimal.ZERO;
            case PERCENT_PER_MONTH -> openAmount.multiply(lateFeeValue).movePointLeft(2).setScale(4, RoundingMode.HALF_UP);
            case FIXED -> currency.equals(lateFeeCurrency) ? lateFeeValue : BigDecimal.ZERO;
        };
    }

    /** The same terms with the due rule, days and payment methods of a subscription's overrides. */
    public PaymentTerms withPayment(DueRule dueRule, int days, List<String> paymentMethods) {
        return new PaymentTerms(dueRule, days, paymentMethods, lateFee, lateFeeValue, lateFeeCurrency, lateFeeTaxRate);
    }
}
