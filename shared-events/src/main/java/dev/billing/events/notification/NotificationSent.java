package dev.billing.events.notification;

import dev.billing.events.OptionalField;
import java.time.Instant;
import java.util.UUID;

/**
 * A message left by a channel (EMAIL, SMS, WHATSAPP, PANEL); one line of the customer's communication history.
 * {@code invoiceId} (added in v1, optional) names the invoice the message was about, so the delivery of the
 * invoice email can start the 8-day objection window.
 */
public record NotificationSent(UUID notificationId, UUID customerId, String channel, String template, String recipient,
                               @OptionalField String subject, @OptionalField String causeEventId, Instant sentAt,
                               @OptionalField UUID invoiceId) {
}
