package dev.billing.events.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * A staff member wrote a note in the customer's communication history; who wrote it is the event's actor
 * ({@code ce_actor}).
 */
public record NoteAdded(UUID noteId, UUID customerId, String text, Instant addedAt) {
}
