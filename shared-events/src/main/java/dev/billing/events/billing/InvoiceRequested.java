package dev.billing.events.billing;

import dev.billing.events.OptionalField;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A cut date was reached: invoice these lines. {@code requestId} is the idempotency key
 * (subscription id + period start); the invoice service issues at most one invoice per request id.
 */
public record InvoiceRequested(String requestId, UUID customerId, @OptionalField UUID subscriptionId, BillTo billTo,
                               LocalDate issueDate, LocalDate periodStart, LocalDate periodEnd, String currency,
                               int paymentTermDays, List<RequestedLine> lines) {
}
