package dev.billing.dispute.dispute;

import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Gives a dispute to a staff member (their username, the token's {@code sub}); an OPEN dispute goes under review. */
@Service
public class AssigningDispute {
    private final Disputes disputes;
    private final Clock clock;

    AssigningDispute(Disputes disputes, Clock clock) {
        this.disputes = disputes;
        this.clock = clock;
    }

    @Transactional
    public void assign(UUID disputeId, String assigneeText) {
        String assignee = RequestValues.singleLine("assignee", assigneeText);
        if (assignee == null || assignee.isBlank() || assignee.length() > 100) {
            throw ApiProblem.badRequest("assignee", "is required: a staff member's username, at most 100 characters");
        }
        Dispute dispute = disputes.lock(disputeId).orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        disputes.assigned(dispute.id(), assignee.strip(), dispute.status().afterStaffTookIt(), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
}
