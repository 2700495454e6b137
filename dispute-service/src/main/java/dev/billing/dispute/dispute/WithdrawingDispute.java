package dev.billing.dispute.dispute;

import dev.billing.events.EventCatalog;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customer takes their dispute back: WITHDRAWN, a pending proposal with it; {@code DisputeWithdrawn} resumes the reminders. */
@Service
public class WithdrawingDispute {
    private final Disputes disputes;
    private final Outbox outbox;
    private final DisputeMetrics metrics;
    private final Clock clock;

    WithdrawingDispute(Disputes disputes, Outbox outbox, DisputeMetrics metrics, Clock clock) {
        this.disputes = disputes;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public void withdraw(UUID customer, UUID disputeId, String reasonText) {
        String reason = MessageText.optional("reason", reasonText);
        Dispute dispute = disputes.lock(disputeId).filter(d -> d.customerId().equals(customer))
                .orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        dispute.status().afterWithdrawal();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        disputes.proposalDropped(dispute.id(), now);
        disputes.withdrawn(dispute.id(), reason, now);
        outbox.add(EventCatalog.DISPUTE_WITHDRAWN, dispute.customerId(), "dispute/" + dispute.id(),
                new DisputeWithdrawn(dispute.id(), dispute.customerId(), dispute.invoiceId(), reason, now));
        metrics.withdrawn();
    }
}
