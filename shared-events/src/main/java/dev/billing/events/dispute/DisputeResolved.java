package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dispute ended with {@code outcome}: {@code CREDIT_NOTE} (credit {@code creditAmount}, or {@code creditLines}),
 * {@code REISSUE} (cancel the invoice by storno and issue {@code correctedLines} for the same period) or
 * {@code REJECTED}; {@code resolution} is the reasons as written to the customer. Added in v1, optional:
 * {@code creditLines}, {@code correctedLines}, {@code proposedBy} and {@code approvedBy} (four-eyes: a credit note
 * or re-issue proposed by one staff member and approved by another).
 */
public record DisputeResolved(UUID disputeId, UUID customerId, UUID invoiceId, String outcome,
                              @OptionalField String currency, @OptionalField BigDecimal creditAmount, String resolution,
                              Instant resolvedAt, @OptionalField List<DisputedLine> creditLines,
                              @OptionalField List<RequestedLine> correctedLines, @OptionalField String proposedBy,
                              @OptionalField String approvedBy) {
}
