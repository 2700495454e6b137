package dev.billing.events.dispute;

import java.time.Instant;
import java.util.UUID;

/** A message was posted in a dispute's thread by the customer or staff. */
public record DisputeMessagePosted(UUID disputeId, UUID customerId, UUID messageId, String author, String body,
                                   Instant postedAt) {
}
