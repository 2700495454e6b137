package dev.billing.events.billing;

import java.time.LocalDate;
import java.util.UUID;

/** A subscription ends on {@code endDate}; nothing is billed after it. */
public record SubscriptionEnded(UUID subscriptionId, UUID customerId, LocalDate endDate) {
}
