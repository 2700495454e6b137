package dev.billing.payment.payment;

import dev.billing.support.money.Money;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Part or all of a payment given back; made only by {@link Payment#refund}. A refund of a payment a provider took is
 * {@link Status#PENDING} until the provider's answer decides it, once; its id is its idempotency key at the provider.
 */
@Entity
@Table(name = "refund")
public class Refund {
    /** PENDING and SUCCEEDED refunds count against what may still be refunded; a FAILED one gave nothing back. */
    public enum Status { PENDING, SUCCEEDED, FAILED }

    @Id
    private UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "payment_id")
    private Payment payment;
    private BigDecimal amount;
    private String reason;
    private Instant refundedAt;
    private String refundedBy;
    @Enumerated(EnumType.STRING)
    private Status status;
    private String providerReference;
    private String failure;
    private Instant decidedAt;
    private Instant lastAskedAt;

    protected Refund() {
        // for JPA
    }

    Refund(UUID id, Payment payment, BigDecimal amount, String reason, Instant refundedAt, String refundedBy, Status status) {
        this.id = id;
        this.payment = payment;
        this.amount = amount;
        this.reason = reason;
        this.refundedAt = refundedAt;
        this.refundedBy = refundedBy;
        this.status = status;
        this.decidedAt = status == Status.PENDING ? null : refundedAt;
        this.lastAskedAt = status == Status.PENDING ? refundedAt : null;
    }

    /**
     * Records what the provider answered at {@code at}: SUCCEEDED or FAILED decides the refund, PENDING (accepted, not
     * finished) keeps it waiting under the provider's {@code reference}. False, changing nothing, when it was decided
     * already: an answer that comes twice (the request's and the retry's) decides it once.
     */
    boolean answered(Status answer, String reference, String failure, Instant at) {
        if (status != Status.PENDING) {
            return false;
        }
        this.status = answer;
        this.providerReference = reference == null ? providerReference : reference;
        this.failure = failure;
        this.lastAskedAt = at;
        this.decidedAt = answer == Status.PENDING ? null : at;
        return answer != Status.PENDING;
    }

    /** The provider was asked at {@code at} and gave no answer: the retry asks again later. */
    void unanswered(Instant at) {
        if (status == Status.PENDING) {
            lastAskedAt = at;
        }
    }

    Payment payment() {
        return payment;
    }

    public UUID id() {
        return id;
    }

    public BigDecimal amount() {
        return Money.exact(amount, payment.currency());
    }

    public String reason() {
        return reason;
    }

    /** When staff asked for it. */
    public Instant refundedAt() {
        return refundedAt;
    }

    public String refundedBy() {
        return refundedBy;
    }

    public Status status() {
        return status;
    }

    public String providerReference() {
        return providerReference;
    }

    /** Why the provider refused it (FAILED only). */
    public String failure() {
        return failure;
    }

    /** When it became SUCCEEDED or FAILED; null while PENDING. */
    public Instant decidedAt() {
        return decidedAt;
    }
}
