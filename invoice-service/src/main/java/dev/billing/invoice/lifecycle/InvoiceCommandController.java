package dev.billing.invoice.lifecycle;

import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.InvoiceController.InvoiceResource;
import dev.billing.invoice.issuing.IssuingInvoice;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing invoices: drafts with free lines ({@code POST /api/invoices}, {@code PUT /api/invoices/{id}/lines}),
 * issuing ({@code POST .../issue}), storno ({@code POST .../cancel}) and credit notes ({@code POST .../credit-notes}).
 * A change the lifecycle does not allow is 409 with the reason.
 */
@RestController
@RequestMapping("/api/invoices")
public class InvoiceCommandController {
    private final DraftingInvoice drafting;
    private final IssuingInvoice issuing;
    private final CancellingInvoice cancelling;
    private final CreditingInvoice crediting;

    public InvoiceCommandController(DraftingInvoice drafting, IssuingInvoice issuing, CancellingInvoice cancelling,
                                    CreditingInvoice crediting) {
        this.drafting = drafting;
        this.issuing = issuing;
        this.cancelling = cancelling;
        this.crediting = crediting;
    }

    public record LineRequest(@NotBlank @Size(max = 500) String description, @NotBlank String quantity,
                              @NotBlank String unitPrice, String discountPercent, @NotBlank String taxRate) {
    }

    public record DraftRequest(@NotNull UUID customerId, @NotBlank String currency,
                               @Min(0) @Max(365) Integer paymentTermDays, LocalDate fulfilmentDate,
                               @NotNull @Size(max = 200) List<@Valid @NotNull LineRequest> lines) {
    }

    public record LinesRequest(LocalDate fulfilmentDate, @NotNull @Size(max = 200) List<@Valid @NotNull LineRequest> lines) {
    }

    public record CancelRequest(@Size(max = 1000) String reason) {
    }

    public record LineCreditRequest(@NotNull @Min(0) @Max(199) Integer line, @NotBlank String quantity) {
    }

    /** Either an amount or lines (position and quantity) to credit. */
    public record CreditRequest(String amount, @Size(max = 200) List<@Valid @NotNull LineCreditRequest> lines,
                                @Size(max = 1000) String reason) {
    }

    /** A credit note as the API shows it; amounts are decimal strings, like everywhere else. */
    public record CreditNoteView(UUID id, String number, UUID invoiceId, String invoiceNumber, LocalDate issueDate,
                                 String currency, String amount, String invoiceOpenAmount, String reason) {
        static CreditNoteView of(CreditingInvoice.CreditNote n) {
            return new CreditNoteView(n.id(), n.number(), n.invoiceId(), n.invoiceNumber(), n.issueDate(), n.currency(),
                    n.amount().toPlainString(), n.invoiceOpenAmount().toPlainString(), n.reason());
        }
    }

    @PostMapping
    public ResponseEntity<InvoiceResource> draft(@Valid @RequestBody DraftRequest request) {
        var currency = RequestValues.currency("currency", request.currency());
        var draft = drafting.create(request.customerId(), currency, request.paymentTermDays(), request.fulfilmentDate(),
                lines(request.lines()));
        return ResponseEntity.created(URI.create("/api/invoices/" + draft.id())).body(InvoiceResource.of(draft));
    }

    @PutMapping("/{id}/lines")
    public InvoiceResource replaceLines(@PathVariable UUID id, @Valid @RequestBody LinesRequest request) {
        return InvoiceResource.of(drafting.replaceLines(id, request.fulfilmentDate(), lines(request.lines())));
    }

    @PostMapping("/{id}/issue")
    public InvoiceResource issue(@PathVariable UUID id) {
        return InvoiceResource.of(issuing.issueDraft(id));
    }

    @PostMapping("/{id}/cancel")
    public InvoiceResource cancel(@PathVariable UUID id, @Valid @RequestBody(required = false) CancelRequest request) {
        return InvoiceResource.of(cancelling.cancel(id, request == null ? null : RequestValues.multiLine("reason", request.reason())));
    }

    @PostMapping("/{id}/credit-notes")
    public ResponseEntity<CreditNoteView> credit(@PathVariable UUID id, @Valid @RequestBody CreditRequest request) {
        CreditingInvoice.CreditNote note;
        String reason = RequestValues.multiLine("reason", request.reason());
        if (byAmount(request)) {
            note = crediting.credit(id, amount(request), reason);
        } else {
            note = crediting.creditLines(id, lineCredits(request), reason);
        }
        return ResponseEntity.status(201).body(CreditNoteView.of(note));
    }

    /** Whether the request credits an amount (else lines); neither or both is 400 {@code amount}. */
    static boolean byAmount(CreditRequest request) {
        if ((request.amount() == null) == (request.lines() == null || request.lines().isEmpty())) {
            throw ApiProblem.badRequest("amount", "give either an amount or lines to credit, not both");
        }
        return request.amount() != null;
    }

    static java.math.BigDecimal amount(CreditRequest request) {
        return RequestValues.positive("amount", request.amount());
    }

    static List<CreditingInvoice.LineCredit> lineCredits(CreditRequest request) {
        List<CreditingInvoice.LineCredit> lines = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            LineCreditRequest line = request.lines().get(i);
            lines.add(new CreditingInvoice.LineCredit(line.line(),
                    RequestValues.positive("lines[" + i + "].quantity", line.quantity())));
        }
        return lines;
    }

    static List<InvoiceCalculator.LineInput> lines(List<LineRequest> requests) {
        List<InvoiceCalculator.LineInput> lines = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            LineRequest r = requests.get(i);
            String prefix = "lines[" + i + "].";
            lines.add(new InvoiceCalculator.LineInput(RequestValues.singleLine(prefix + "description", r.description()).trim(),
                    RequestValues.positive(prefix + "quantity", r.quantity()),
                    RequestValues.decimal(prefix + "unitPrice", r.unitPrice()),
                    r.discountPercent() == null ? java.math.BigDecimal.ZERO : RequestValues.percent(prefix + "discountPercent", r.discountPercent()),
                    RequestValues.percent(prefix + "taxRate", r.taxRate())));
        }
        if (lines.isEmpty()) {
            throw ApiProblem.badRequest("lines", "must hold at least one line");
        }
        return lines;
    }
}
