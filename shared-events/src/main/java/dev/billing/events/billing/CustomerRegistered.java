package dev.billing.events.billing;

import java.time.Instant;
import java.util.UUID;
import dev.billing.events.OptionalField;

/** A billing account was created. */
public record CustomerRegistered(UUID customerId, String name, String email, @OptionalField String phone, String language,
                                 String timeZone, int paymentTermDays, Instant registeredAt) {
}
