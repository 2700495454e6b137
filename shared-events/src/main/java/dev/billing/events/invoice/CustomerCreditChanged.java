package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's credit in one currency changed by {@code change} (positive: credit given, negative:
 * credit used or refunded) and now stands at {@code balance} (below zero when a refund took back
 * credit that was already used: the customer owes it). {@code reason} is one of {@code OVERPAYMENT},
 * {@code PAYMENT_ON_ACCOUNT} (a payment without invoice), {@code STORNO} (what was paid on a cancelled
 * invoice), {@code APPLIED_TO_INVOICE}, {@code PAYMENT_REFUNDED}, {@code REFUND} (credit paid out to the customer).
 */
public record CustomerCreditChanged(UUID movementId, UUID customerId, String currency, BigDecimal change, BigDecimal balance,
                                    String reason, @OptionalField UUID invoiceId, @OptionalField UUID paymentId,
                                    Instant changedAt) {
}
