package dev.billing.events.billing;

import java.time.Instant;
import java.util.UUID;
import dev.billing.events.OptionalField;

/** A billing account's contact data, language or terms changed; carries the whole new state; {@code paymentDueRule} as in {@link CustomerRegistered}. */
public record CustomerUpdated(UUID customerId, String name, String email, @OptionalField String phone, String language,
                              String timeZone, int paymentTermDays, Instant updatedAt,
                              @OptionalField String paymentDueRule) {
}
