package dev.billing.support.web;

import dev.billing.support.money.Money;
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

    /** A positive amount in {@code currency}, with at most the currency's minor digits (no HUF fillér, no 10.005 TRY). */
    public static BigDecimal amountIn(String field, String text, String currency) {
        try {
            return Money.exact(positive(field, text), currency);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field, e.getMessage());
        }
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

    /**
     * A name, description or other one-line text: no control characters (tabs and line breaks
     * included), no lone surrogates or non-characters, which would break a PDF or make UBL XML
     * ill-formed. Null stays null; whether it may be null is the caller's rule.
     */
    public static String singleLine(String field, String text) {
        return checkedText(field, text, false);
    }

    /** A note, reason or message: like {@link #singleLine} but line breaks and tabs are allowed. */
    public static String multiLine(String field, String text) {
        return checkedText(field, text, true);
    }

    private static String checkedText(String field, String text, boolean lineBreaks) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowedBreak = lineBreaks && (c == '\n' || c == '\r' || c == '\t');
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (!allowedBreak && (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF'
                    || c == '\u2028' || c == '\u2029')) {
                throw ApiProblem.badRequest(field, String.format(
                        "must not contain control characters (found U+%04X at position %d)", (int) c, i));
            }
        }
        return text;
    }

    private RequestValues() {
    }
}
