package dev.billing.dispute.dispute;

import dev.billing.support.web.ApiProblem;
import java.util.Arrays;

/** Why the customer objects to the invoice. */
public enum Reason {
    AMOUNT, PRICE, TERMS, QUANTITY, DAMAGED, RETURNED, NOT_RECEIVED, OTHER;

    public static Reason parse(String field, String text) {
        try {
            return valueOf(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest(field, "must be one of " + String.join(", ", Arrays.stream(values()).map(Enum::name).toList()));
        }
    }
}
