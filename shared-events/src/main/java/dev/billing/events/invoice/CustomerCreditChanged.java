package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's credit in one currency changed by {@code change} (positive: credit given, negative:
 * credit used or refunded) and now stands at {@code balance}. {@code reason} is one of
 * {@code OVERPAYMENT}, {@code STORNO}, {@code CREDIT_NOTE}, {@code APPLIED_TO_INVOICE}, {@code REFUND}, {@code PAYMENT_REFUNDED}.
 */
public record CustomerCreditChanged(UUID movementId, UUID customerId, String currency, BigDecimal change, BigDecimal balance,
                                    String reason, @OptionalField UUID invoiceId, @OptionalField UUID paymentId,
                                    Instant changedAt) {
}
