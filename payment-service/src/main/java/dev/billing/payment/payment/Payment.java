package dev.billing.payment.payment;

import dev.billing.support.money.Money;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import org.hibernate.annotations.BatchSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * Money received from a customer, with its refunds: one aggregate, so that the rule "never more back than was paid"
 * is kept where the refunds are. Amounts carry exactly their currency's minor digits ({@link Money#exact}).
 */
@Entity
@Table(name = "payment")
public class Payment implements Persistable<UUID> {
    @Id
    private UUID id;
    /**
     * A payment made here is new until it is stored: {@code save} then inserts it at once, where with an id of its own
     * it would read the row first to merge into it (a round trip for every payment, hundreds a second from callbacks).
     */
    @Transient
    private boolean stored;
    private UUID customerId;
    private UUID invoiceId;
    private String currency;
    private BigDecimal amount;
    private String method;
    private String provider;
    private String providerReference;
    private String reference;
    private Instant receivedAt;
    private Instant recordedAt;
    private String recordedBy;
    // a page of payments loads the refunds of all of them in one query
    @OneToMany(mappedBy = "payment", cascade = CascadeType.PERSIST)
    @OrderBy("refundedAt, id")
    @BatchSize(size = 100)
    private List<Refund> refunds = new ArrayList<>();

    protected Payment() {
        // for JPA
    }

    public Payment(UUID id, UUID customerId, UUID invoiceId, String currency, BigDecimal amount, String method, String provider,
                   String providerReference, String reference, Instant receivedAt, Instant recordedAt, String recordedBy) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A payment is a positive amount: " + amount.toPlainString());
        }
        this.id = id;
        this.customerId = customerId;
        this.invoiceId = invoiceId;
        this.currency = currency;
        this.amount = Money.exact(amount, currency);
        this.method = method;
        this.provider = provider;
        this.providerReference = providerReference;
        this.reference = reference;
        this.receivedAt = receivedAt;
        this.recordedAt = recordedAt;
        this.recordedBy = recordedBy;
    }

    /**
     * What can still be given back: the amount less every refund so far that is not FAILED (one still PENDING at the
     * provider may yet succeed, so it is not offered twice).
     */
    public BigDecimal refundable() {
        return Money.exact(refunds.stream().filter(r -> r.status() != Refund.Status.FAILED).map(Refund::amount)
                .reduce(amount, BigDecimal::subtract), currency);
    }

    /**
     * Gives back {@code refundAmount} of this payment; refused (nothing changes) when it is not positive, has more
     * decimals than the currency, or is more than {@link #refundable()}. A payment a provider took is given back by
     * that provider: its refund is PENDING until the provider answers; any other is SUCCEEDED at once.
     */
    public Refund refund(UUID refundId, BigDecimal refundAmount, String reason, Instant at, String by) {
        if (refundAmount.signum() <= 0) {
            throw new RefundRefused("must be positive");
        }
        BigDecimal exact;
        try {
            exact = Money.exact(refundAmount, currency);
        } catch (IllegalArgumentException e) {
            throw new RefundRefused("has more decimals than " + currency + " has");
        }
        if (exact.compareTo(refundable()) > 0) {
            throw new RefundRefused("must not be more than what is left to refund of this payment: " + refundable().toPlainString()
                    + " " + currency);
        }
        Refund refund = new Refund(refundId, this, exact, reason, at, by, provider == null ? Refund.Status.SUCCEEDED : Refund.Status.PENDING);
        refunds.add(refund);
        return refund;
    }

    /** One of this payment's refunds. */
    Refund refundOf(UUID refundId) {
        return refunds.stream().filter(r -> r.id().equals(refundId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("refund " + refundId + " is not one of payment " + id + "'s"));
    }

    /** A refund this payment cannot give; the message says why, of the amount. */
    public static final class RefundRefused extends RuntimeException {
        RefundRefused(String message) {
            super(message);
        }
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    /** {@link #id()} under the name {@link Persistable} asks for. */
    @Override
    public UUID getId() {
        return id;
    }

    public UUID id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    public UUID invoiceId() {
        return invoiceId;
    }

    public String currency() {
        return currency;
    }

    public BigDecimal amount() {
        return Money.exact(amount, currency);
    }

    public String method() {
        return method;
    }

    public String provider() {
        return provider;
    }

    public String providerReference() {
        return providerReference;
    }

    public String reference() {
        return reference;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    public String recordedBy() {
        return recordedBy;
    }

    public List<Refund> refunds() {
        return Collections.unmodifiableList(refunds);
    }
}
