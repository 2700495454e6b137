package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The invoice is fully paid. v2: {@code settledBy} says what paid the last part, {@code PAYMENT}
 * (then {@code paymentId} names it) or {@code CREDIT} (the customer's credit; no payment id).
 * {@code creditAmount} is any overpayment left on the account.
 */
public record InvoicePaid(UUID invoiceId, String number, UUID customerId, @OptionalField UUID paymentId, String settledBy,
                          String currency, BigDecimal total, BigDecimal creditAmount, Instant paidAt) {
    public static final String BY_PAYMENT = "PAYMENT";
    public static final String BY_CREDIT = "CREDIT";
}
