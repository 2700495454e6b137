package dev.billing.payment.payment;

import dev.billing.events.EventCatalog;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderRequests;
import dev.billing.payment.provider.Providers;
import dev.billing.support.events.Actor;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back part or all of a payment and announces it as {@code PaymentRefunded}; invoice-service reopens the invoice
 * by that much (or takes it from the customer's credit). The payment is locked while its refund is decided, so two
 * refunds at once can never together exceed it.
 * <p>
 * A payment a provider took is given back by that provider, in three steps: the refund is recorded PENDING under the
 * payment's lock and committed (a PENDING refund counts against what is left, and its id is its idempotency key at the
 * provider); the provider is asked outside any transaction ({@link Providers#call}); its answer is recorded under the
 * lock again. Only SUCCEEDED publishes {@code PaymentRefunded}: money not given back must not reopen the invoice. A
 * provider that gives no answer leaves the refund PENDING, and {@link ReconcilingRefunds} asks again with the same key.
 */
@Service
public class RefundingPayment {
    private static final Logger log = LoggerFactory.getLogger(RefundingPayment.class);
    private final Payments payments;
    private final Providers providers;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RefundingPayment(Payments payments, Providers providers, Outbox outbox, TransactionTemplate transactions, Clock clock) {
        this.payments = payments;
        this.providers = providers;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The refund staff asked for, SUCCEEDED or still PENDING at the provider. One the provider refused stays FAILED
     * with its reason and is answered as a 422 naming {@code provider}.
     */
    public Refund refund(UUID paymentId, BigDecimal amount, String reason) {
        String by = Actor.current().id();
        Refund refund = transactions.execute(status -> record(paymentId, amount, reason, by));
        if (refund.status() == Refund.Status.PENDING) {
            refund = send(refund.id());
        }
        if (refund.status() == Refund.Status.FAILED) {
            throw ApiProblem.unprocessable("provider", refund.payment().provider() + " refused the refund: " + refund.failure()
                    + " (refund " + refund.id() + " is kept as FAILED; nothing was given back)");
        }
        return refund;
    }

    private Refund record(UUID paymentId, BigDecimal amount, String reason, String by) {
        Payment payment = payments.findLocked(paymentId).orElseThrow(() -> ApiProblem.notFound("Payment", paymentId));
        if (payment.provider() != null && providers.find(payment.provider()).filter(PaymentProvider::refunds).isEmpty()) {
            throw ApiProblem.unprocessable("paymentId", payment.provider() + ", which took this payment, takes no refunds from here");
        }
        Instant now = clock.instant();
        Refund refund;
        try {
            refund = payment.refund(UUID.randomUUID(), amount, reason, now, by);
        } catch (Payment.RefundRefused refused) {
            throw ApiProblem.unprocessable("amount", refused.getMessage());
        }
        if (refund.status() == Refund.Status.SUCCEEDED) {
            published(payment, refund);
        }
        return refund;
    }

    /**
     * Asks the provider for a PENDING refund, outside any transaction, and records its answer; without one (the
     * provider cannot be reached, or is not configured here now) the refund stays PENDING. The refund as it is then.
     */
    Refund send(UUID refundId) {
        Refund pending = payments.refund(refundId).orElseThrow();
        Payment payment = pending.payment();
        if (pending.status() != Refund.Status.PENDING) {
            return pending;
        }
        Optional<PaymentProvider> provider = providers.find(payment.provider());
        if (provider.isEmpty()) {
            log.warn("Refund {} is at provider {}, which is not configured here; it stays PENDING", refundId, payment.provider());
            return unanswered(payment.id(), refundId);
        }
        PaymentProvider.RefundOrder order = new PaymentProvider.RefundOrder(refundId, payment.providerReference(), payment.currency(),
                pending.amount(), pending.providerReference());
        PaymentProvider.RefundOutcome outcome;
        try {
            outcome = providers.call(payment.provider(), () -> provider.get().refund(order));
        } catch (ProviderRequests.NotListedYet e) {
            log.info("Refund {} stays PENDING, asked again later: {}", refundId, e.getMessage());
            return unanswered(payment.id(), refundId);
        } catch (RuntimeException e) {
            log.warn("{} gave no answer to refund {}; it stays PENDING and is asked again with the same key: {}", payment.provider(),
                    refundId, e.toString());
            return unanswered(payment.id(), refundId);
        }
        return transactions.execute(status -> answered(payment.id(), refundId, outcome));
    }

    private Refund unanswered(UUID paymentId, UUID refundId) {
        return transactions.execute(status -> {
            Refund refund = payments.findLocked(paymentId).orElseThrow().refundOf(refundId);
            refund.unanswered(clock.instant());
            return refund;
        });
    }

    private Refund answered(UUID paymentId, UUID refundId, PaymentProvider.RefundOutcome outcome) {
        // the lock: the staff's request and the retry may both have an answer; the refund is decided by the first
        Payment payment = payments.findLocked(paymentId).orElseThrow();
        Refund refund = payment.refundOf(refundId);
        if (refund.answered(Refund.Status.valueOf(outcome.result().name()), outcome.reference(), outcome.failure(), clock.instant())
                && refund.status() == Refund.Status.SUCCEEDED) {
            published(payment, refund);
        }
        return refund;
    }

    /**
     * {@code PaymentRefunded} in the outbox, with the payment's method and provider (none for a payment staff recorded)
     * and the provider's id of the refund; the staff's request and {@link ReconcilingRefunds}' retry both come here.
     */
    private void published(Payment payment, Refund refund) {
        outbox.add(EventCatalog.PAYMENT_REFUNDED, payment.customerId(), "payment/" + payment.id(),
                new PaymentRefunded(refund.id(), payment.id(), payment.customerId(), payment.invoiceId(), payment.currency(),
                        refund.amount(), refund.decidedAt(), payment.method(), payment.provider(), refund.providerReference()));
    }
}
