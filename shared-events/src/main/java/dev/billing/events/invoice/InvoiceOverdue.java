package dev.billing.events.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** The day after the due date the invoice was still open. */
public record InvoiceOverdue(UUID invoiceId, String number, UUID customerId, LocalDate dueDate, int daysOverdue,
                             String currency, BigDecimal openAmount) {
}
