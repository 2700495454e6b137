package dev.billing.events.reminder;

import java.time.Instant;
import java.util.UUID;

/** A collection task was closed, with how. */
public record CollectionTaskClosed(UUID taskId, UUID customerId, UUID invoiceId, String resolution, Instant closedAt) {
}
