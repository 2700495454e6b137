package dev.billing.events.payment;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment attempt failed at the provider. {@code paymentId}: the attempt's id (the portal checkout's, or the automatic
 * charge's). For an automatic charge of a saved card: {@code declineCode} the provider's reason code, and
 * {@code nextAttemptOn} the day it is tried again (absent: it is not tried again, after a hard decline such as a
 * stolen card or when the retry schedule ran out).
 */
public record PaymentFailed(UUID paymentId, UUID customerId, @OptionalField UUID invoiceId, String currency,
                            BigDecimal amount, String provider, String reason, Instant failedAt,
                            @OptionalField String declineCode, @OptionalField LocalDate nextAttemptOn) {
}
