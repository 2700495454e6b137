package dev.billing.invoice.invoice;

import dev.billing.support.web.ApiProblem;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/invoices?customerId=&status=} and {@code GET /api/invoices/{id}}. */
@RestController
@RequestMapping("/api/invoices")
public class InvoiceController {
    private final Invoices invoices;

    public InvoiceController(Invoices invoices) {
        this.invoices = invoices;
    }

    @GetMapping
    public List<InvoiceResource> search(@RequestParam(required = false) UUID customerId,
                                        @RequestParam(required = false) String status,
                                        @RequestParam(defaultValue = "50") int limit,
                                        @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 500) {
            throw ApiProblem.badRequest("limit", "must be between 1 and 500");
        }
        if (offset < 0) {
            throw ApiProblem.badRequest("offset", "must not be negative");
        }
        return invoices.search(customerId, status(status), limit, offset).stream().map(InvoiceResource::of).toList();
    }

    @GetMapping("/{id}")
    public InvoiceResource get(@PathVariable UUID id) {
        return invoices.find(id).map(InvoiceResource::of).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
    }

    private static InvoiceStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return InvoiceStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("status", "must be one of TO_BE_ISSUED, ISSUED, PARTIALLY_PAID, PAID, CANCELLED");
        }
    }

    /** JSON shape of an invoice; amounts are decimal strings. */
    public record InvoiceResource(UUID id, String number, String status, UUID customerId, String customerName,
                                  String customerEmail, String language, java.time.LocalDate issueDate,
                                  java.time.LocalDate fulfilmentDate, java.time.LocalDate dueDate, String currency,
                                  String netTotal, String taxTotal, String total, String openAmount,
                                  List<LineResource> lines, List<TaxResource> taxSummary, String requestId,
                                  UUID subscriptionId) {
        static InvoiceResource of(Invoice i) {
            return new InvoiceResource(i.id(), i.number(), i.status().name(), i.customerId(), i.billTo().name(),
                    i.billTo().email(), i.billTo().language(), i.issueDate(), i.fulfilmentDate(), i.dueDate(), i.currency(),
                    i.netTotal().toPlainString(), i.taxTotal().toPlainString(), i.total().toPlainString(),
                    i.openAmount().toPlainString(),
                    i.lines().stream().map(l -> new LineResource(l.description(), l.quantity().toPlainString(),
                            l.unitPrice().toPlainString(), l.taxRate().toPlainString(), l.netAmount().toPlainString(),
                            l.taxAmount().toPlainString(), l.grossAmount().toPlainString())).toList(),
                    i.taxSummary().stream().map(t -> new TaxResource(t.taxRate().toPlainString(),
                            t.taxableAmount().toPlainString(), t.taxAmount().toPlainString())).toList(),
                    i.requestId(), i.subscriptionId());
        }
    }

    public record LineResource(String description, String quantity, String unitPrice, String taxRate, String netAmount,
                               String taxAmount, String grossAmount) {
    }

    public record TaxResource(String taxRate, String taxableAmount, String taxAmount) {
    }
}
