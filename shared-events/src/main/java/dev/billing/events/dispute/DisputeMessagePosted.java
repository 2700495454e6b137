package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message the customer may see was posted in a dispute's thread (internal notes are never published).
 * Added in v1, optional: {@code invoiceId}; {@code side}, {@code CUSTOMER} or {@code STAFF}; {@code assignee},
 * the staff member the dispute is assigned to; {@code attachments}, the file names; {@code invoiceCopyRequested},
 * true when the customer asked for a copy of the invoice.
 */
public record DisputeMessagePosted(UUID disputeId, UUID customerId, UUID messageId, String author, String body,
                                   Instant postedAt, @OptionalField UUID invoiceId, @OptionalField String side,
                                   @OptionalField String assignee, @OptionalField List<String> attachments,
                                   @OptionalField Boolean invoiceCopyRequested) {
}
