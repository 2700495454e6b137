package dev.billing.billing.terms;

import dev.billing.events.billing.DueRule;

import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of payment terms; every part optional, falling back to the given defaults. A FIXED
 * late fee needs {@code lateFeeCurrency} (the fee is charged only for invoices in that currency);
 * {@code lateFeeTaxRate} is the percentage late fees are taxed at (0 when left out).
 */
public record TermsRequest(String dueRule, List<String> paymentMethods, String lateFee, String lateFeeValue,
                           String lateFeeCurrency, String lateFeeTaxRate) {

    public static final PaymentTerms DEFAULTS = new PaymentTerms(DueRule.NET, 0,
            List.of("BANK_TRANSFER", "CARD"), PaymentTerms.LateFee.NONE, BigDecimal.ZERO, null, BigDecimal.ZERO);

    /** Terms with {@code days}, taking what this request leaves out from {@code defaults}; field names prefixed by {@code path}. */
    public PaymentTerms toTerms(String path, int days, PaymentTerms defaults) {
        DueRule rule = dueRule == null ? defaults.dueRule()
                : parse(DueRule.class, path + "dueRule", dueRule);
        List<String> methods = defaults.paymentMethods();
        if (paymentMethods != null) {
            if (paymentMethods.isEmpty() || paymentMethods.size() > PaymentTerms.METHODS.size()) {
                throw ApiProblem.badRequest(path + "paymentMethods", "must name at least one of " + PaymentTerms.METHODS);
            }
            methods = paymentMethods.stream().map(m -> {
                String method = m == null ? "" : m.trim().toUpperCase(Locale.ROOT);
                if (!PaymentTerms.METHODS.contains(method)) {
                    throw ApiProblem.badRequest(path + "paymentMethods", "must be among " + PaymentTerms.METHODS);
                }
                return method;
            }).distinct().toList();
        }
        PaymentTerms.LateFee fee = lateFee == null ? defaults.lateFee() : parse(PaymentTerms.LateFee.class, path + "lateFee", lateFee);
        BigDecimal value = lateFeeValue == null ? defaults.lateFeeValue() : RequestValues.decimal(path + "lateFeeValue", lateFeeValue);
        if (fee == PaymentTerms.LateFee.PERCENT_PER_MONTH && value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiProblem.badRequest(path + "lateFeeValue", "a monthly percentage must be at most 100");
        }
        if (fee != PaymentTerms.LateFee.NONE && value.signum() == 0) {
            throw ApiProblem.badRequest(path + "lateFeeValue", "must be greater than zero when a late fee is set");
        }
        String currency = lateFeeCurrency == null ? defaults.lateFeeCurrency()
                : RequestValues.currency(path + "lateFeeCurrency", lateFeeCurrency).getCurrencyCode();
        if (fee == PaymentTerms.LateFee.FIXED && currency == null) {
            throw ApiProblem.badRequest(path + "lateFeeCurrency", "a FIXED late fee needs the currency of its amount, such as EUR");
        }
        BigDecimal taxRate = lateFeeTaxRate == null ? defaults.lateFeeTaxRate()
                : RequestValues.percent(path + "lateFeeTaxRate", lateFeeTaxRate).stripTrailingZeros();
        return new PaymentTerms(rule, days, methods, fee, fee == PaymentTerms.LateFee.NONE ? BigDecimal.ZERO : value,
                fee == PaymentTerms.LateFee.FIXED ? currency : null, taxRate);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
