package dev.billing.events.billing;

import java.time.Instant;
import java.util.UUID;
import dev.billing.events.OptionalField;

/** A billing account was created. {@code paymentDueRule} (added in v1, optional): {@link DueRule} NET or END_OF_MONTH; absent means NET. */
public record CustomerRegistered(UUID customerId, String name, String email, @OptionalField String phone, String language,
                                 String timeZone, int paymentTermDays, Instant registeredAt,
                                 @OptionalField String paymentDueRule) {
}
