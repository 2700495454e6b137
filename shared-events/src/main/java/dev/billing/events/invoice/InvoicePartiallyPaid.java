package dev.billing.events.invoice;

import java.math.BigDecimal;
import java.util.UUID;

/** A payment was applied and part of the invoice is still open. */
public record InvoicePartiallyPaid(UUID invoiceId, String number, UUID customerId, UUID paymentId, String currency,
                                   BigDecimal paidAmount, BigDecimal openAmount) {
}
