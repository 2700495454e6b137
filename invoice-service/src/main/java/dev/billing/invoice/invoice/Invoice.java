package dev.billing.invoice.invoice;

import dev.billing.events.billing.BillTo;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An invoice with its lines and per-rate tax summary; amounts in {@code currency}. */
public record Invoice(UUID id, String number, String series, InvoiceStatus status, UUID customerId, String requestId,
                      UUID subscriptionId, BillTo billTo, LocalDate issueDate, LocalDate fulfilmentDate,
                      LocalDate dueDate, int paymentTermDays, String currency, List<InvoiceCalculator.Line> lines,
                      List<InvoiceCalculator.TaxRate> taxSummary, BigDecimal netTotal, BigDecimal taxTotal,
                      BigDecimal total, BigDecimal openAmount) {
}
