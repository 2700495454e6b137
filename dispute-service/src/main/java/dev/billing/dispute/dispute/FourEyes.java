package dev.billing.dispute.dispute;

import dev.billing.events.access.Role;
import dev.billing.support.web.ApiProblem;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * A credit note or re-issue changes the money, so two people decide it: a staff member proposes it and an ACCOUNTANT
 * (or ADMIN) who is someone else approves it. Refusals are 403 naming {@code approvedBy}.
 */
public final class FourEyes {

    public static void check(String proposedBy, String approver, Set<Role> approverRoles) {
        if (!approverRoles.contains(Role.ACCOUNTANT) && !approverRoles.contains(Role.ADMIN)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "approvedBy",
                    "approvedBy: a credit note or re-issue is approved by an ACCOUNTANT or ADMIN");
        }
        if (approver == null || approver.equals(proposedBy)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "approvedBy",
                    "approvedBy: " + proposedBy + " proposed this outcome; someone else must approve it (four-eyes)");
        }
    }

    private FourEyes() {
    }
}
