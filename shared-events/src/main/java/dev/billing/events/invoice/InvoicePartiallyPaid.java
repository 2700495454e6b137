package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A payment, or the customer's credit, was applied and part of the invoice is still open. v2:
 * {@code settledBy} is {@code PAYMENT} (with {@code paymentId}) or {@code CREDIT}, as in {@link InvoicePaid}.
 */
public record InvoicePartiallyPaid(UUID invoiceId, String number, UUID customerId, @OptionalField UUID paymentId,
                                   String settledBy, String currency, BigDecimal paidAmount, BigDecimal openAmount) {
}
