package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A credit note reduced an issued invoice's open amount. */
public record CreditNoteIssued(UUID creditNoteId, String number, UUID invoiceId, String invoiceNumber, UUID customerId,
                               LocalDate issueDate, String currency, BigDecimal amount, BigDecimal openAmount,
                               @OptionalField String reason) {
}
