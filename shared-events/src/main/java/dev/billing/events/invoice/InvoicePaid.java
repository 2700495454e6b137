package dev.billing.events.invoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The invoice is fully paid; {@code creditAmount} is any overpayment left on the account. */
public record InvoicePaid(UUID invoiceId, String number, UUID customerId, UUID paymentId, String currency,
                          BigDecimal total, BigDecimal creditAmount, Instant paidAt) {
}
