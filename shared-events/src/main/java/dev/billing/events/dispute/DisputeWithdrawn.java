package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import java.time.Instant;
import java.util.UUID;

/** The customer withdrew a dispute; the invoice stands as issued and its reminders resume like after a rejection. */
public record DisputeWithdrawn(UUID disputeId, UUID customerId, UUID invoiceId, @OptionalField String reason,
                               Instant withdrawnAt) {
}
