package dev.billing.dispute.dispute;

import dev.billing.support.web.ApiProblem;

/** How a dispute ends: a credit note, a corrected invoice in place of this one, or a rejection with the reasons. */
public enum Outcome {
    CREDIT_NOTE, REISSUE, REJECTED;

    /** A credit note or a re-issue changes the money: one staff member proposes it, another approves it. */
    public boolean needsApproval() {
        return this != REJECTED;
    }

    public static Outcome parse(String field, String text) {
        try {
            return valueOf(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest(field, "must be one of CREDIT_NOTE, REISSUE, REJECTED");
        }
    }
}
