package dev.billing.invoice.invoice;

import dev.billing.events.billing.BillTo;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An invoice with its lines and per-rate tax summary; amounts in {@code currency}. A draft
 * (TO_BE_ISSUED) has no number, issue date or due date yet. An invoice re-issued after a dispute names the
 * corrected invoice that replaced it ({@code correctedByInvoiceId}); that one names it ({@code correctsInvoiceId}).
 */
public record Invoice(UUID id, String number, String series, InvoiceStatus status, UUID customerId, String requestId,
                      UUID subscriptionId, BillTo billTo, LocalDate issueDate, LocalDate fulfilmentDate,
                      LocalDate dueDate, int paymentTermDays, String currency, List<InvoiceCalculator.Line> lines,
                      List<InvoiceCalculator.TaxRate> taxSummary, BigDecimal netTotal, BigDecimal taxTotal,
                      BigDecimal total, BigDecimal openAmount, BigDecimal creditedAmount, Instant overdueAt,
                      String stornoNumber, String cancelReason, UUID correctsInvoiceId, UUID correctedByInvoiceId) {

    /** What a storno reverses: the total net of the credit notes already issued, never more than was billed. */
    public BigDecimal reversedByStorno() {
        return total.subtract(creditedAmount).max(BigDecimal.ZERO);
    }

    public boolean isOverdue() {
        return overdueAt != null && status.isOpen();
    }

    /** The same invoice with these lines and tax summary. */
    public Invoice withLines(List<InvoiceCalculator.Line> newLines, List<InvoiceCalculator.TaxRate> newTaxSummary) {
        return new Invoice(id, number, series, status, customerId, requestId, subscriptionId, billTo, issueDate,
                fulfilmentDate, dueDate, paymentTermDays, currency, newLines, newTaxSummary, netTotal, taxTotal, total,
                openAmount, creditedAmount, overdueAt, stornoNumber, cancelReason, correctsInvoiceId,
                correctedByInvoiceId);
    }

    /** The same invoice with new amounts and status. */
    public Invoice with(InvoiceStatus newStatus, BigDecimal newOpenAmount) {
        return new Invoice(id, number, series, newStatus, customerId, requestId, subscriptionId, billTo, issueDate,
                fulfilmentDate, dueDate, paymentTermDays, currency, lines, taxSummary, netTotal, taxTotal, total,
                newOpenAmount, creditedAmount, overdueAt, stornoNumber, cancelReason, correctsInvoiceId,
                correctedByInvoiceId);
    }
}
