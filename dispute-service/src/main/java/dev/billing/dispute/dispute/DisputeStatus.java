package dev.billing.dispute.dispute;

import dev.billing.support.web.ApiProblem;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a dispute: OPEN -> UNDER_REVIEW -> RESOLVED | WITHDRAWN. Staff move it to UNDER_REVIEW by taking it
 * (assignment) or by answering the customer; an outcome resolves it; the customer may withdraw it while it is not
 * decided. RESOLVED and WITHDRAWN are final: every act on them is refused (409 naming {@code status}). While a
 * dispute is active every act is open to it (posting, assigning, proposing, approving or declining a proposal,
 * withdrawing): what else an act needs (a pending proposal, four eyes, an open invoice) is checked by the act itself.
 */
public enum DisputeStatus {
    OPEN, UNDER_REVIEW, RESOLVED, WITHDRAWN;

    private static final Set<DisputeStatus> ACTIVE = EnumSet.of(OPEN, UNDER_REVIEW);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    /** Refuses any act on an ended (RESOLVED or WITHDRAWN) dispute: 409 naming {@code status}. */
    public void requireActive() {
        if (!active()) {
            throw ApiProblem.conflict("status", "the dispute is " + this + "; it can no longer be acted on");
        }
    }

    /** The status after staff took the dispute or answered the customer. */
    public DisputeStatus afterStaffTookIt() {
        requireActive();
        return UNDER_REVIEW;
    }

    public DisputeStatus afterResolution() {
        requireActive();
        return RESOLVED;
    }

    public DisputeStatus afterWithdrawal() {
        requireActive();
        return WITHDRAWN;
    }

    /** A status filter from the API: one of the names, or 400 naming {@code field}. */
    public static DisputeStatus parse(String field, String text) {
        try {
            return valueOf(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest(field, "must be one of OPEN, UNDER_REVIEW, RESOLVED, WITHDRAWN");
        }
    }
}
