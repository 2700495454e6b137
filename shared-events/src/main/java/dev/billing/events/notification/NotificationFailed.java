package dev.billing.events.notification;

import dev.billing.events.OptionalField;
import java.time.Instant;
import java.util.UUID;

/** A message could not leave by a channel. */
public record NotificationFailed(UUID notificationId, UUID customerId, String channel, String template,
                                 String recipient, String reason, @OptionalField String causeEventId, Instant failedAt) {
}
