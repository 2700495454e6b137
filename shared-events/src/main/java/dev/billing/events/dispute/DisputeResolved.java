package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A dispute ended: CREDIT_NOTE (credit {@code creditAmount}), REISSUE or REJECTED, with the reasons. */
public record DisputeResolved(UUID disputeId, UUID customerId, UUID invoiceId, String outcome,
                              @OptionalField String currency, @OptionalField BigDecimal creditAmount, String resolution,
                              Instant resolvedAt) {
}
