package dev.billing.dispute.dispute;

import dev.billing.events.billing.RequestedLine;
import dev.billing.events.dispute.DisputedLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A dispute as stored: the question, its state, its clocks (SLA, objection window), the pending proposal and the outcome. */
public record Dispute(UUID id, String number, UUID customerId, String customerName, UUID invoiceId, String invoiceNumber,
                      String currency, BigDecimal invoiceTotal, Reason reason, BigDecimal disputedAmount, List<DisputedLine> lines,
                      DisputeStatus status, String openedBy, Instant openedAt, String timeZone, String assignee, Instant respondBy,
                      Instant firstResponseAt, Instant overduePublishedAt, Instant deliveredAt, Instant objectionDeadline,
                      boolean lateObjection, Outcome proposalOutcome, BigDecimal proposalAmount, List<DisputedLine> proposalLines,
                      List<RequestedLine> proposalCorrectedLines, String proposalResolution, String proposedBy, Instant proposedAt,
                      Outcome outcome, String resolution, Instant resolvedAt, String approvedBy, String withdrawnReason) {

    public boolean hasProposal() {
        return proposalOutcome != null;
    }

    public Proposal proposal() {
        return new Proposal(proposalOutcome, proposalAmount, proposalLines, proposalCorrectedLines, proposalResolution);
    }

    /**
     * The first-response timer's verdict: true when the first response came after {@code respondBy}, or when it is still
     * missing past {@code respondBy} while the dispute is active (OPEN or UNDER_REVIEW). A dispute that ended without a
     * first response (withdrawn before anyone answered; resolving it counts as the response) is never overdue: its
     * timer stopped when it ended, and nobody can answer it any more. Whether it had been reported overdue before it
     * ended is {@code overduePublishedAt} ({@code DisputeResponseOverdue}).
     */
    public boolean responseOverdue(Instant now) {
        if (firstResponseAt != null) {
            return firstResponseAt.isAfter(respondBy);
        }
        return status.active() && now.isAfter(respondBy);
    }

    /** A message in the thread. */
    public record Message(UUID id, String side, String author, String body, boolean internal, Instant postedAt,
                          boolean invoiceCopyRequested, List<Attachment> attachments) {
    }

    /** A file of a message, without its bytes. */
    public record Attachment(UUID id, UUID messageId, String fileName, String contentType, long size) {
    }

    public static final String CUSTOMER = "CUSTOMER";
    public static final String STAFF = "STAFF";
}
