package dev.billing.dispute.dispute;

import dev.billing.dispute.invoice.InvoiceCopies;
import dev.billing.events.EventCatalog;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends a dispute with an outcome. A rejection (the reasons, written to the customer) resolves it at once. A credit
 * note or a re-issue changes the money: it waits as the dispute's proposal until an ACCOUNTANT or ADMIN other than the
 * proposer approves it ({@link FourEyes}), checked again against what is open of the invoice then; or they decline
 * it, and it is dropped (an internal note keeps why). A credit note or re-issue is refused when it is proposed and when
 * it is approved unless dispute-service's copy of the invoice is still open (409 naming {@code invoiceId}: paid or
 * cancelled meanwhile, invoice-service would refuse it); a rejection changes no money and is always possible.
 * {@code DisputeResolved} carries the outcome, the credit (amount or lines) or the corrected lines, who proposed and
 * who approved.
 */
@Service
public class ResolvingDispute {
    private final Disputes disputes;
    private final InvoiceCopies invoices;
    private final Outbox outbox;
    private final DisputeMetrics metrics;
    private final Clock clock;

    ResolvingDispute(Disputes disputes, InvoiceCopies invoices, Outbox outbox, DisputeMetrics metrics, Clock clock) {
        this.disputes = disputes;
        this.invoices = invoices;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    public record ProposalRequest(String outcome, String amount, List<DisputedAmount.LineRequest> lines,
                                  List<Proposal.CorrectedLineRequest> correctedLines, String resolution) {
    }

    @Transactional
    public void propose(UUID disputeId, ProposalRequest request) {
        Dispute dispute = disputes.lock(disputeId).orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        dispute.status().requireActive();
        if (dispute.hasProposal()) {
            throw ApiProblem.conflict("proposal", "a " + dispute.proposalOutcome() + " proposed by " + dispute.proposedBy()
                    + " waits for approval; it is approved or declined first");
        }
        // the copy's row locked: a payment or cancellation consumed meanwhile waits for this decision, or comes first
        InvoiceCopies.InvoiceCopy invoice = invoices.lock(dispute.invoiceId()).orElseThrow();
        Outcome outcome = Outcome.parse("outcome", request.outcome());
        if (outcome.needsApproval()) {
            requireOpen(invoice, outcome);
        }
        Proposal proposal = Proposal.of(request.outcome(), request.amount(), request.lines(), request.correctedLines(),
                request.resolution(), invoice.facts());
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String by = Staff.id();
        disputes.proposed(dispute.id(), proposal, by, now);
        if (!proposal.outcome().needsApproval()) {
            resolve(dispute, proposal, by, null, now);
        }
    }

    @Transactional
    public void approve(UUID disputeId) {
        Dispute dispute = disputes.lock(disputeId).orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        dispute.status().requireActive();
        if (!dispute.hasProposal()) {
            throw ApiProblem.conflict("proposal", "the dispute has no proposal to approve");
        }
        String approver = Staff.id();
        FourEyes.check(dispute.proposedBy(), approver, Staff.roles());
        Proposal proposal = dispute.proposal();
        // the copy's row locked: a payment or cancellation consumed meanwhile waits for this decision, or comes first
        InvoiceCopies.InvoiceCopy invoice = invoices.lock(dispute.invoiceId()).orElseThrow();
        requireOpen(invoice, proposal.outcome());
        proposal.stillFits(invoice.facts());
        resolve(dispute, proposal, dispute.proposedBy(), approver, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Transactional
    public void decline(UUID disputeId, String reasonText) {
        String reason = MessageText.of("reason", reasonText);
        Dispute dispute = disputes.lock(disputeId).orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        dispute.status().requireActive();
        if (!dispute.hasProposal()) {
            throw ApiProblem.conflict("proposal", "the dispute has no proposal to decline");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        disputes.proposalDropped(dispute.id(), now);
        disputes.addMessage(dispute.id(), Dispute.STAFF, Staff.name(), "Proposal " + dispute.proposalOutcome() + " by "
                + dispute.proposedBy() + " declined: " + reason, true, false, List.of(), now);
    }

    /** A credit note or re-issue applies to an open invoice only: invoice-service refuses one on a paid or cancelled invoice. */
    private static void requireOpen(InvoiceCopies.InvoiceCopy invoice, Outcome outcome) {
        if (!InvoiceCopies.OPEN.equals(invoice.status())) {
            throw ApiProblem.conflict("invoiceId", "invoice " + invoice.number() + " is " + invoice.status() + " now; a " + outcome
                    + " applies to an open invoice only: reject or decline instead, and settle what was paid by hand");
        }
    }

    private void resolve(Dispute dispute, Proposal proposal, String proposedBy, String approvedBy, Instant now) {
        dispute.status().afterResolution();
        disputes.resolved(dispute.id(), proposal.outcome(), proposal.resolution(), approvedBy, now);
        outbox.add(EventCatalog.DISPUTE_RESOLVED, dispute.customerId(), "dispute/" + dispute.id(),
                new DisputeResolved(dispute.id(), dispute.customerId(), dispute.invoiceId(), proposal.outcome().name(),
                        dispute.currency(), proposal.amount(), proposal.resolution(), now, proposal.lines(), proposal.correctedLines(),
                        proposedBy, approvedBy));
        if (dispute.firstResponseAt() == null) {
            metrics.firstResponse(dispute.openedAt(), now);
        }
        metrics.resolved(proposal.outcome(), dispute.openedAt(), now);
    }
}
