package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The invoice was cancelled by a storno document of its own series; the invoice keeps its number.
 * {@code total} is the invoice's total; {@code reversedAmount} (added in v1, optional; absent means
 * {@code total}) is what the storno reverses: the total net of the credit notes already issued.
 * {@code requestId} and {@code subscriptionId} (optional) name the billing request the invoice came
 * from, so billing can release its period and charges.
 */
public record InvoiceCancelled(UUID invoiceId, String number, UUID customerId, String stornoNumber, String currency,
                               BigDecimal total, @OptionalField String reason, Instant cancelledAt,
                               @OptionalField BigDecimal reversedAmount, @OptionalField String requestId,
                               @OptionalField UUID subscriptionId) {
}
