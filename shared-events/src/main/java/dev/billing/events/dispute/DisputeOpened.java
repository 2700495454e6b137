package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A customer objected to an invoice (amount, price, terms, quantity, damage, return, not received). */
public record DisputeOpened(UUID disputeId, UUID customerId, UUID invoiceId, String reason, String description,
                            @OptionalField String currency, @OptionalField BigDecimal disputedAmount, Instant openedAt) {
}
