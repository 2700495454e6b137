package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import java.time.Instant;
import java.util.UUID;

/** A dispute's first response was not given by {@code respondBy} (the SLA); published once per dispute. */
public record DisputeResponseOverdue(UUID disputeId, UUID customerId, UUID invoiceId, @OptionalField String assignee,
                                     Instant respondBy, Instant detectedAt) {
}
