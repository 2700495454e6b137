package dev.billing.events.invoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code invoice.paid.v1}, the shape before {@link InvoicePaid} v2, published beside it while consumers
 * move: only for an invoice a payment paid (v1 requires the payment id; one settled by credit has none).
 */
public record InvoicePaidV1(UUID invoiceId, String number, UUID customerId, UUID paymentId, String currency,
                            BigDecimal total, BigDecimal creditAmount, Instant paidAt) {
}
