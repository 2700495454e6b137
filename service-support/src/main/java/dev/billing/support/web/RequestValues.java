package dev.billing.support.web;

import java.math.BigDecimal;
import java.util.Currency;

/** Parsing of request values that JSON types cannot express, failing as a problem that names the field. */
public final class RequestValues {
    private static final String DECIMAL = "\\d{1,13}(\\.\\d{1,4})?";

    /** A non-negative decimal string with at most 13 integer digits and 4 decimals, e.g. "1500.00". */
    public static BigDecimal decimal(String field, String text) {
        if (text == null || !text.trim().matches(DECIMAL)) {
            throw ApiProblem.badRequest(field,
                    "must be a non-negative decimal string with at most 13 digits and 4 decimals, e.g. \"1500.00\"");
        }
        return new BigDecimal(text.trim());
    }

    /** A decimal string that must be greater than zero. */
    public static BigDecimal positive(String field, String text) {
        BigDecimal value = decimal(field, text);
        if (value.signum() <= 0) {
            throw ApiProblem.badRequest(field, "must be greater than zero");
        }
        return value;
    }

    /** A percentage between 0 and 100. */
    public static BigDecimal percent(String field, String text) {
        BigDecimal value = decimal(field, text);
        if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiProblem.badRequest(field, "must be a percentage between 0 and 100");
        }
        return value;
    }

    /** An ISO 4217 code in capitals. */
    public static Currency currency(String field, String code) {
        try {
            if (code == null || code.length() != 3 || !code.equals(code.toUpperCase())) {
                throw new IllegalArgumentException();
            }
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field, "must be an ISO 4217 currency code such as TRY, EUR, USD, HUF");
        }
    }

    private RequestValues() {
    }
}
