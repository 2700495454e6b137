package dev.billing.events.dispute;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer objected to an invoice (reason {@code AMOUNT}, {@code PRICE}, {@code TERMS}, {@code QUANTITY},
 * {@code DAMAGED}, {@code RETURNED}, {@code NOT_RECEIVED} or {@code OTHER}), for {@code disputedAmount} or for
 * {@code lines}. Added in v1, optional: {@code lines}; {@code openedBy} ({@code CUSTOMER} or {@code STAFF});
 * {@code objectionDeadline}, the end of the 8-day window of TTK 21/2, and {@code lateObjection}, true when the
 * dispute was opened after it; {@code respondBy}, the first-response due time.
 */
public record DisputeOpened(UUID disputeId, UUID customerId, UUID invoiceId, String reason, String description,
                            @OptionalField String currency, @OptionalField BigDecimal disputedAmount, Instant openedAt,
                            @OptionalField List<DisputedLine> lines, @OptionalField String openedBy,
                            @OptionalField Instant objectionDeadline, @OptionalField Boolean lateObjection,
                            @OptionalField Instant respondBy) {
}
