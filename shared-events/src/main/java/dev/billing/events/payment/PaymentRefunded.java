package dev.billing.events.payment;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment (or part of it) was refunded; the invoice balance reopens by {@code amount}. {@code method}: the refunded
 * payment's method ({@link PaymentMethods}); {@code provider}: the card payment provider that gave the money back
 * ({@code sandbox}, {@code stripe}, ...), absent for a payment staff recorded (refunded by hand); {@code providerReference}:
 * the provider's id of the refund (Stripe's {@code re_...}), absent where there is no provider. The three are absent in
 * events written before they were added.
 */
public record PaymentRefunded(UUID refundId, UUID paymentId, UUID customerId, @OptionalField UUID invoiceId,
                              String currency, BigDecimal amount, Instant refundedAt, @OptionalField String method,
                              @OptionalField String provider, @OptionalField String providerReference) {

    /** A refund known only by its amount (as the first events of this version told it). */
    public PaymentRefunded(UUID refundId, UUID paymentId, UUID customerId, UUID invoiceId, String currency, BigDecimal amount,
                           Instant refundedAt) {
        this(refundId, paymentId, customerId, invoiceId, currency, amount, refundedAt, null, null, null);
    }
}
