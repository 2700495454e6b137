package dev.billing.events.payment;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment (or part of it) was refunded; the invoice balance reopens by {@code amount}. */
public record PaymentRefunded(UUID refundId, UUID paymentId, UUID customerId, @OptionalField UUID invoiceId,
                              String currency, BigDecimal amount, Instant refundedAt) {
}
