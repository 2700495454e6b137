package dev.billing.events.reminder;

import java.time.Instant;
import java.util.UUID;

/** A payment plan ended: COMPLETED (all paid), CANCELLED (by staff, or with its invoice) or BROKEN (an instalment missed). */
public record PaymentPlanEnded(UUID planId, UUID customerId, UUID invoiceId, String status, String reason, Instant endedAt) {
}
