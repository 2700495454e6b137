package dev.billing.invoice.invoice;

import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading invoices: {@code GET /api/invoices} with a saved filter ({@code filter=issued|overdue-unpaid|
 * paid-last-7-days|storno}) and/or free criteria, sorted and paged (total in {@code X-Total-Count});
 * {@code GET /api/invoices/export} the same as CSV; {@code GET /api/invoices/{id}}; {@code GET /api/invoices/{id}/history}.
 */
@RestController
@RequestMapping("/api/invoices")
public class InvoiceController {
    private final Invoices invoices;
    private final InvoiceHistory history;
    private final Clock clock;

    public InvoiceController(Invoices invoices, InvoiceHistory history, Clock clock) {
        this.invoices = invoices;
        this.history = history;
        this.clock = clock;
    }

    /** A step of an invoice's history; the amount in the invoice's currency, as a decimal string. */
    public record StepResource(String event, Instant at, String amount, String reference) {
    }

    /** What happened to the invoice, oldest first ({@link InvoiceHistory}). */
    @GetMapping("/{id}/history")
    public List<StepResource> history(@PathVariable UUID id) {
        Invoice invoice = invoices.find(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
        return history.of(id).stream().map(step -> new StepResource(step.event(), step.at(),
                step.amount() == null ? null : Money.exact(step.amount(), invoice.currency()).toPlainString(),
                step.reference())).toList();
    }

    @GetMapping
    public List<InvoiceResource> search(@RequestParam(required = false) String filter,
                                        @RequestParam(required = false) UUID customerId,
                                        @RequestParam(required = false) String status,
                                        @RequestParam(required = false) String number,
                                        @RequestParam(required = false) String customerName,
                                        @RequestParam(required = false) LocalDate issuedFrom,
                                        @RequestParam(required = false) LocalDate issuedTo,
                                        @RequestParam(required = false) LocalDate dueFrom,
                                        @RequestParam(required = false) LocalDate dueTo,
                                        @RequestParam(required = false) String minTotal,
                                        @RequestParam(required = false) String maxTotal,
                                        @RequestParam(required = false) String sort,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "50") int size,
                                        HttpServletResponse response) {
        InvoiceSearch search = search(filter, customerId, status, number, customerName, issuedFrom, issuedTo, dueFrom, dueTo,
                minTotal, maxTotal, sort, page, size, 500);
        response.setHeader("X-Total-Count", Long.toString(invoices.count(search)));
        return invoices.search(search).stream().map(InvoiceResource::of).toList();
    }

    @GetMapping("/export")
    public void export(@RequestParam(required = false) String filter,
                       @RequestParam(required = false) UUID customerId,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String number,
                       @RequestParam(required = false) String customerName,
                       @RequestParam(required = false) LocalDate issuedFrom,
                       @RequestParam(required = false) LocalDate issuedTo,
                       @RequestParam(required = false) LocalDate dueFrom,
                       @RequestParam(required = false) LocalDate dueTo,
                       @RequestParam(required = false) String minTotal,
                       @RequestParam(required = false) String maxTotal,
                       @RequestParam(required = false) String sort,
                       HttpServletResponse response) throws IOException {
        InvoiceSearch search = search(filter, customerId, status, number, customerName, issuedFrom, issuedTo, dueFrom, dueTo,
                minTotal, maxTotal, sort, 0, 100_000, 100_000);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"invoices.csv\"");
        // written as the rows are read: Tomcat sends each full buffer on, nothing holds the whole export
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        out.write("number,status,overdue,customer,customerId,issueDate,dueDate,currency,netTotal,taxTotal,total,openAmount\r\n");
        invoices.export(search, invoice -> {
            try {
                out.write(csvRow(invoice));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the client went away: stop reading rows
            }
        });
        out.flush();
    }

    @GetMapping("/{id}")
    public InvoiceResource get(@PathVariable UUID id) {
        return invoices.find(id).map(InvoiceResource::of).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
    }

    private InvoiceSearch search(String filter, UUID customerId, String status, String number, String customerName,
                                 LocalDate issuedFrom, LocalDate issuedTo, LocalDate dueFrom, LocalDate dueTo,
                                 String minTotal, String maxTotal, String sort, int page, int size, int maxSize) {
        if (size < 1 || size > maxSize) {
            throw ApiProblem.badRequest("size", "must be between 1 and " + maxSize);
        }
        if (page < 0 || page > 100_000) {
            throw ApiProblem.badRequest("page", "must be between 0 and 100000");
        }
        if (sort != null && !sort.isBlank() && !InvoiceSearch.SORT_COLUMNS.containsKey(sort.replaceFirst("^-", ""))) {
            throw ApiProblem.badRequest("sort", "must be one of " + InvoiceSearch.SORT_COLUMNS.keySet() + ", '-' first for descending");
        }
        if (number != null && number.length() > 100) {
            throw ApiProblem.badRequest("number", "must be at most 100 characters");
        }
        if (customerName != null && customerName.length() > 200) {
            throw ApiProblem.badRequest("customerName", "must be at most 200 characters");
        }
        return new InvoiceSearch(savedFilter(filter), customerId, status(status), number, customerName, issuedFrom, issuedTo,
                dueFrom, dueTo, amount("minTotal", minTotal), amount("maxTotal", maxTotal), sort, page, size, clock.instant());
    }

    private static InvoiceSearch.SavedFilter savedFilter(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return InvoiceSearch.SavedFilter.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("filter", "must be one of issued, overdue-unpaid, paid-last-7-days, storno");
        }
    }

    private static BigDecimal amount(String field, String text) {
        return text == null || text.isBlank() ? null : dev.billing.support.web.RequestValues.decimal(field, text);
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

    private static String csvRow(Invoice i) {
        return String.join(",", csv(i.number()), i.status().name(), Boolean.toString(i.isOverdue()), csv(i.billTo().name()),
                i.customerId().toString(), csv(i.issueDate()), csv(i.dueDate()), i.currency(), i.netTotal().toPlainString(),
                i.taxTotal().toPlainString(), i.total().toPlainString(), i.openAmount().toPlainString()) + "\r\n";
    }

    private static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        // a leading =, +, - or @ would be run as a formula by spreadsheet programs
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /**
     * JSON shape of an invoice; amounts are decimal strings. An invoice re-issued after a dispute names the corrected
     * invoice that replaced it ({@code correctedByInvoiceId}); the corrected one names it ({@code correctsInvoiceId}).
     */
    public record InvoiceResource(UUID id, String number, String status, boolean overdue, UUID customerId,
                                  String customerName, String customerEmail, String language, LocalDate issueDate,
                                  LocalDate fulfilmentDate, LocalDate dueDate, int paymentTermDays, String currency,
                                  String netTotal, String taxTotal, String total, String openAmount, String creditedAmount,
                                  List<LineResource> lines, List<TaxResource> taxSummary, String requestId,
                                  UUID subscriptionId, String stornoNumber, String cancelReason, String documentPath,
                                  UUID correctsInvoiceId, UUID correctedByInvoiceId) {
        public static InvoiceResource of(Invoice i) {
            return new InvoiceResource(i.id(), i.number(), i.status().name(), i.isOverdue(), i.customerId(), i.billTo().name(),
                    i.billTo().email(), i.billTo().language(), i.issueDate(), i.fulfilmentDate(), i.dueDate(),
                    i.paymentTermDays(), i.currency(), i.netTotal().toPlainString(), i.taxTotal().toPlainString(),
                    i.total().toPlainString(), i.openAmount().toPlainString(), i.creditedAmount().toPlainString(),
                    i.lines().stream().map(l -> new LineResource(l.description(), l.quantity().toPlainString(),
                            l.unitPrice().toPlainString(), l.discountPercent().toPlainString(), l.taxRate().toPlainString(),
                            l.netAmount().toPlainString(), l.taxAmount().toPlainString(), l.grossAmount().toPlainString())).toList(),
                    i.taxSummary().stream().map(t -> new TaxResource(t.taxRate().toPlainString(),
                            t.taxableAmount().toPlainString(), t.taxAmount().toPlainString())).toList(),
                    i.requestId(), i.subscriptionId(), i.stornoNumber(), i.cancelReason(),
                    i.number() == null ? null : "/api/invoices/" + i.id() + "/pdf", i.correctsInvoiceId(),
                    i.correctedByInvoiceId());
        }
    }

    public record LineResource(String description, String quantity, String unitPrice, String discountPercent, String taxRate,
                               String netAmount, String taxAmount, String grossAmount) {
    }

    public record TaxResource(String taxRate, String taxableAmount, String taxAmount) {
    }
}
