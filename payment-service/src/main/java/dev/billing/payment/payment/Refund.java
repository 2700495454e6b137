package dev.billing.payment.payment;

import dev.billing.support.money.Money;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Part or all of a payment given back; made only by {@link Payment#refund}. */
@Entity
@Table(name = "refund")
public class Refund {
    @Id
    private UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "payment_id")
    private Payment payment;
    private BigDecimal amount;
    private String reason;
    private Instant refundedAt;
    private String refundedBy;

    protected Refund() {
        // for JPA
    }

    Refund(UUID id, Payment payment, BigDecimal amount, String reason, Instant refundedAt, String refundedBy) {
        this.id = id;
        this.payment = payment;
        this.amount = amount;
        this.reason = reason;
        this.refundedAt = refundedAt;
        this.refundedBy = refundedBy;
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

    public Instant refundedAt() {
        return refundedAt;
    }

    public String refundedBy() {
        return refundedBy;
    }
}
