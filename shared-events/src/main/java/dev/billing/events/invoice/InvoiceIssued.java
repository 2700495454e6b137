package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import dev.billing.events.billing.BillTo;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An invoice received its legal number and was issued; enough to book it in an accounting system. */
public record InvoiceIssued(UUID invoiceId, String number, UUID customerId, BillTo billTo, @OptionalField String requestId,
                            @OptionalField UUID subscriptionId, LocalDate issueDate, LocalDate fulfilmentDate,
                            LocalDate dueDate, String currency, List<InvoiceLine> lines, List<TaxLine> taxSummary,
                            BigDecimal netTotal, BigDecimal taxTotal, BigDecimal total, BigDecimal openAmount,
                            String documentPath) {
}
