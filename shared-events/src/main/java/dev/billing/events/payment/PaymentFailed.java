package dev.billing.events.payment;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment attempt failed at the provider. */
public record PaymentFailed(UUID paymentId, UUID customerId, @OptionalField UUID invoiceId, String currency,
                            BigDecimal amount, String provider, String reason, Instant failedAt) {
}
