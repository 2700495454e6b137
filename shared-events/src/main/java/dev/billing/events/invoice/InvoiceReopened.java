package dev.billing.events.invoice;

import java.math.BigDecimal;
import java.util.UUID;

/** A refund gave back money applied to the invoice: it is open again by {@code openAmount}. */
public record InvoiceReopened(UUID invoiceId, String number, UUID customerId, UUID refundId, String currency,
                              BigDecimal refundedAmount, BigDecimal openAmount, String status) {
}
