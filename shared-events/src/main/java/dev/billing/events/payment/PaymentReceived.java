package dev.billing.events.payment;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Money arrived: a verified provider callback or a payment recorded by staff. */
public record PaymentReceived(UUID paymentId, UUID customerId, @OptionalField UUID invoiceId, String currency,
                              BigDecimal amount, String method, @OptionalField String provider,
                              @OptionalField String providerReference, Instant receivedAt) {
}
