package dev.billing.dispute.dispute;

import dev.billing.support.web.ApiProblem;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a dispute: OPEN -> UNDER_REVIEW -> RESOLVED | WITHDRAWN. Staff move it to UNDER_REVIEW by taking it
 * (assignment) or by answering the customer; an outcome resolves it; the customer may withdraw it while it is not
 * decided. RESOLVED and WITHDRAWN are final: every act on them is refused (409 naming {@code status}).
 */
public enum DisputeStatus {
    OPEN, UNDER_REVIEW, RESOLVED, WITHDRAWN;

    /** What can be done to a dispute. */
    public enum Act {
        POST_MESSAGE, ASSIGN, PROPOSE, APPROVE, DECLINE, WITHDRAW
    }

    private static final Set<DisputeStatus> ACTIVE = EnumSet.of(OPEN, UNDER_REVIEW);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    public boolean allows(Act act) {
        return active();
    }

    /** Refuses {@code act} unless this status allows it. */
    public void require(Act act) {
        if (!allows(act)) {
            throw ApiProblem.conflict("status", "the dispute is " + this + "; it can no longer be acted on ("
                    + act.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
    }

    /** The status after staff took the dispute or answered the customer. */
    public DisputeStatus afterStaffTookIt() {
        require(Act.ASSIGN);
        return UNDER_REVIEW;
    }

    public DisputeStatus afterResolution() {
        require(Act.PROPOSE);
        return RESOLVED;
    }

    public DisputeStatus afterWithdrawal() {
        require(Act.WITHDRAW);
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
