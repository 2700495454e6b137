package dev.billing.events.reminder;

import java.time.Instant;
import java.util.UUID;

/** Escalation: a staff member has to act on an invoice. */
public record CollectionTaskOpened(UUID taskId, UUID customerId, UUID invoiceId, String reason, Instant openedAt) {
}
