package dev.billing.billing.dispute;

import dev.billing.billing.charge.LateFees;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Disputes as billing sees them: {@code DisputeOpened} marks the invoice disputed (no late fee for it,
 * {@link LateFees}); {@code DisputeResolved} and {@code DisputeWithdrawn} clear the mark, and add the late fee held
 * meanwhile when {@link DisputedLateFee} says so.
 */
@Service
public class EndingDispute {
    private static final Logger log = LoggerFactory.getLogger(EndingDispute.class);
    private final DisputedInvoices disputed;
    private final LateFees lateFees;
    private final Clock clock;

    public EndingDispute(DisputedInvoices disputed, LateFees lateFees, Clock clock) {
        this.disputed = disputed;
        this.lateFees = lateFees;
        this.clock = clock;
    }

    public void opened(DisputeOpened opened) {
        disputed.opened(opened.invoiceId(), opened.disputeId(), opened.customerId(), clock.instant());
    }

    public void resolved(DisputeResolved resolved) {
        end(resolved.invoiceId(), resolved.disputeId(), false, resolved.outcome());
    }

    public void withdrawn(DisputeWithdrawn withdrawn) {
        end(withdrawn.invoiceId(), withdrawn.disputeId(), true, null);
    }

    private void end(java.util.UUID invoiceId, java.util.UUID disputeId, boolean withdrawn, String outcome) {
        disputed.ended(invoiceId, disputeId).flatMap(held -> held).ifPresent(held -> {
            if (DisputedLateFee.chargedAtEnd(withdrawn, outcome, true, held.openAmount())) {
                lateFees.chargeNow(held.invoiceId(), held.customerId(), held.number(), held.currency(), held.openAmount());
            } else {
                log.info("Dispute {} ended ({}): the late fee held for invoice {} is dropped", disputeId,
                        withdrawn ? "WITHDRAWN" : outcome, held.number());
            }
        });
    }
}
