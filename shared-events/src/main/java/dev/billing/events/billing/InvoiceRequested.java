package dev.billing.events.billing;

import dev.billing.events.OptionalField;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A cut date was reached (or staff charged something to invoice at once): invoice these lines.
 * {@code requestId} is the idempotency key (subscription id + period start); the invoice service
 * issues at most one invoice per request id. {@code dueDate} (added in v1, optional) is the due date
 * the payment terms give; without it the due date is the issue date + {@code paymentTermDays}.
 * {@code fulfilmentDate} (added in v1, optional) is the date of supply: the period end for a period
 * billed in arrears, the cut date otherwise; without it, the issue date.
 */
public record InvoiceRequested(String requestId, UUID customerId, @OptionalField UUID subscriptionId, BillTo billTo,
                               LocalDate issueDate, LocalDate periodStart, LocalDate periodEnd, String currency,
                               int paymentTermDays, List<RequestedLine> lines, @OptionalField LocalDate dueDate,
                               @OptionalField LocalDate fulfilmentDate) {
}
