package dev.billing.events.invoice;

import java.math.BigDecimal;
import java.util.UUID;

/** {@code invoice.partially-paid.v1}, published beside {@link InvoicePartiallyPaid} v2 as {@link InvoicePaidV1} is. */
public record InvoicePartiallyPaidV1(UUID invoiceId, String number, UUID customerId, UUID paymentId, String currency,
                                     BigDecimal paidAmount, BigDecimal openAmount) {
}
