package dev.billing.payment.payment;

import dev.billing.support.time.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * No refund is left PENDING on one unanswered call: every refund still PENDING {@code payment.refund-retry-after}
 * (5 min, platform time; well beyond a provider's read timeout, so the staff's own request has its answer first) after
 * its provider was last asked is asked again with the same idempotency key ({@link RefundingPayment#send}), so the
 * provider answers the refund it may already have made instead of giving the money back twice. Runs every
 * {@code payment.reconcile-interval} (1 min) and at once when the test clock moves.
 */
@Component
public class ReconcilingRefunds implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(ReconcilingRefunds.class);
    private static final int BATCH = 100;
    private final Payments payments;
    private final RefundingPayment refunding;
    private final Duration after;
    private final Clock clock;

    ReconcilingRefunds(Payments payments, RefundingPayment refunding, @Value("${payment.refund-retry-after:5m}") Duration after, Clock clock) {
        this.payments = payments;
        this.refunding = refunding;
        this.after = after;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${payment.reconcile-interval:1m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        for (UUID refund : payments.pendingRefunds(now.minus(after), PageRequest.of(0, BATCH))) {
            try {
                refunding.send(refund);
            } catch (RuntimeException e) {
                log.warn("Could not ask again about refund {}; asked at the next pass: {}", refund, e.toString());
            }
        }
    }
}
