package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A credit note reduced an issued invoice's open amount. {@code taxSummary} (added in v1, optional)
 * is the credit's taxable amount and tax per rate, the KDV/ÁFA correction accounting books; their sum is {@code amount}.
 */
public record CreditNoteIssued(UUID creditNoteId, String number, UUID invoiceId, String invoiceNumber, UUID customerId,
                               LocalDate issueDate, String currency, BigDecimal amount, BigDecimal openAmount,
                               @OptionalField String reason, @OptionalField List<TaxLine> taxSummary) {
}
