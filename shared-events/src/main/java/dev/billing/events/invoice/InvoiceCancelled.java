package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The invoice was cancelled by a storno document of its own series; the invoice keeps its number. */
public record InvoiceCancelled(UUID invoiceId, String number, UUID customerId, String stornoNumber, String currency,
                               BigDecimal total, @OptionalField String reason, Instant cancelledAt) {
}
