package dev.billing.invoice.lifecycle;

import dev.billing.invoice.invoice.AmountLimits;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.InvoiceController.LineResource;
import dev.billing.invoice.invoice.InvoiceController.TaxResource;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.lifecycle.InvoiceCommandController.CreditRequest;
import dev.billing.invoice.lifecycle.InvoiceCommandController.LineRequest;
import dev.billing.support.web.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a credit note or a re-issue would be, computed by the rules that issue them, with nothing written (the outcome
 * form of a dispute shows it): {@code POST /api/invoices/{id}/credit-notes/preview} (the body of
 * {@code /credit-notes}) and {@code POST /api/invoices/{id}/reissue-preview} (the corrected lines). Every staff role
 * may call them; bad input is refused as on the real thing.
 */
@RestController
@RequestMapping("/api/invoices")
public class InvoicePreviewController {
    private final CreditingInvoice crediting;
    private final Invoices invoices;

    public InvoicePreviewController(CreditingInvoice crediting, Invoices invoices) {
        this.crediting = crediting;
        this.invoices = invoices;
    }

    /** The credit note: its amount and tax per rate, and the invoice's open amount now and after it. */
    public record CreditNotePreview(UUID invoiceId, String invoiceNumber, String currency, String amount,
                                    List<TaxResource> taxSummary, String openAmount, String openAmountAfter) {
    }

    /** A corrected line; the corrected invoice has no discounts (a dispute's corrected lines carry none). */
    public record CorrectedLineRequest(@NotBlank @Size(max = 500) String description, @NotBlank String quantity,
                                       @NotBlank String unitPrice, @NotBlank String taxRate) {
    }

    public record ReissueRequest(@NotNull @Size(max = 200) List<@Valid @NotNull CorrectedLineRequest> lines) {
    }

    /** The corrected invoice's lines, totals and tax summary, and the total of the invoice it would replace. */
    public record ReissuePreview(UUID invoiceId, String invoiceNumber, String currency, List<LineResource> lines,
                                 String netTotal, String taxTotal, String total, List<TaxResource> taxSummary,
                                 String originalTotal, String originalOpenAmount) {
    }

    @PostMapping("/{id}/credit-notes/preview")
    public CreditNotePreview previewCreditNote(@PathVariable UUID id, @Valid @RequestBody CreditRequest request) {
        CreditingInvoice.Computed note = InvoiceCommandController.byAmount(request)
                ? crediting.previewAmount(id, InvoiceCommandController.amount(request))
                : crediting.previewLines(id, InvoiceCommandController.lineCredits(request));
        Invoice invoice = note.invoice();
        return new CreditNotePreview(invoice.id(), invoice.number(), invoice.currency(), note.amount().toPlainString(),
                taxes(note.rates()), invoice.openAmount().toPlainString(), note.openAfter().toPlainString());
    }

    @PostMapping("/{id}/reissue-preview")
    public ReissuePreview previewReissue(@PathVariable UUID id, @Valid @RequestBody ReissueRequest request) {
        List<InvoiceCalculator.LineInput> lines = InvoiceCommandController.lines(request.lines().stream()
                .map(l -> new LineRequest(l.description(), l.quantity(), l.unitPrice(), null, l.taxRate())).toList());
        Invoice invoice = invoices.find(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
        ReissuingInvoice.requireReissuable(invoice);
        InvoiceCalculator.Result amounts = InvoiceCalculator.calculate(Currency.getInstance(invoice.currency()), lines);
        AmountLimits.tooLarge(lines, amounts).ifPresent(field -> {
            throw ApiProblem.badRequest(field, "makes an amount of the invoice too large; " + AmountLimits.RULE);
        });
        return new ReissuePreview(invoice.id(), invoice.number(), invoice.currency(),
                amounts.lines().stream().map(l -> new LineResource(l.description(), l.quantity().toPlainString(),
                        l.unitPrice().toPlainString(), l.discountPercent().toPlainString(), l.taxRate().toPlainString(),
                        l.netAmount().toPlainString(), l.taxAmount().toPlainString(), l.grossAmount().toPlainString())).toList(),
                amounts.netTotal().toPlainString(), amounts.taxTotal().toPlainString(), amounts.total().toPlainString(),
                taxes(amounts.taxSummary()), invoice.total().toPlainString(), invoice.openAmount().toPlainString());
    }

    private static List<TaxResource> taxes(List<InvoiceCalculator.TaxRate> rates) {
        return rates.stream().map(t -> new TaxResource(t.taxRate().toPlainString(), t.taxableAmount().toPlainString(),
                t.taxAmount().toPlainString())).toList();
    }
}
