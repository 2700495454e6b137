package dev.billing.payment.payment;

import dev.billing.events.EventCatalog;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.support.events.Actor;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives back part or all of a payment and announces it as {@code PaymentRefunded}; invoice-service reopens the invoice
 * by that much (or takes it from the customer's credit). The payment is locked while its refund is decided, so two
 * refunds at once can never together exceed it.
 */
@Service
public class RefundingPayment {
    private final Payments payments;
    private final Outbox outbox;
    private final Clock clock;

    RefundingPayment(Payments payments, Outbox outbox, Clock clock) {
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Refund refund(UUID paymentId, BigDecimal amount, String reason) {
        Payment payment = payments.findLocked(paymentId).orElseThrow(() -> ApiProblem.notFound("Payment", paymentId));
        Instant now = clock.instant();
        Refund refund;
        try {
            refund = payment.refund(UUID.randomUUID(), amount, reason, now, Actor.current().id());
        } catch (Payment.RefundRefused refused) {
            throw ApiProblem.unprocessable("amount", refused.getMessage());
        }
        outbox.add(EventCatalog.PAYMENT_REFUNDED, payment.customerId(), "payment/" + payment.id(),
                new PaymentRefunded(refund.id(), payment.id(), payment.customerId(), payment.invoiceId(), payment.currency(),
                        refund.amount(), now));
        return refund;
    }
}
