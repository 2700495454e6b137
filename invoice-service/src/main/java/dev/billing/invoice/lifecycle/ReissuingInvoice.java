package dev.billing.invoice.lifecycle;

import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.issuing.IssuingInvoice;
import dev.billing.support.web.ApiProblem;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-issue (a dispute's REISSUE outcome): the open invoice is cancelled by storno and a corrected invoice with the
 * corrected lines is issued for the same period ({@link IssuingInvoice#issueCorrection}), in one transaction; the two
 * name each other. {@code InvoiceCancelled} is published before {@code InvoiceIssued}. The storno document and the
 * corrected invoice take the next numbers of their series, so numbers stay gapless.
 */
@Service
public class ReissuingInvoice {
    private final Invoices invoices;
    private final CancellingInvoice cancelling;
    private final IssuingInvoice issuing;

    public ReissuingInvoice(Invoices invoices, CancellingInvoice cancelling, IssuingInvoice issuing) {
        this.invoices = invoices;
        this.cancelling = cancelling;
        this.issuing = issuing;
    }

    /** The original and the corrected invoice. */
    public record Reissued(Invoice original, Invoice corrected) {
    }

    /**
     * Cancels {@code invoiceId} and issues its correction with {@code amounts}; an invoice corrected already is left as
     * it is (the existing correction is answered). An invoice that is not open is refused (409 {@code status}).
     */
    @Transactional
    public Reissued reissue(UUID invoiceId, InvoiceCalculator.Result amounts, String reason) {
        Invoice original = invoices.lock(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId));
        if (original.correctedByInvoiceId() != null) {
            return new Reissued(original, invoices.find(original.correctedByInvoiceId()).orElseThrow());
        }
        requireReissuable(original);
        Invoice cancelled = cancelling.cancelReplaced(invoiceId, reason);
        Invoice corrected = issuing.issueCorrection(cancelled, amounts);
        return new Reissued(invoices.find(invoiceId).orElseThrow(), corrected);
    }

    /** Only an open invoice (ISSUED or PARTIALLY_PAID) can be cancelled, so only it can be re-issued. */
    public static void requireReissuable(Invoice invoice) {
        if (!invoice.status().isOpen()) {
            throw ApiProblem.conflict("status", "only an open (ISSUED or PARTIALLY_PAID) invoice can be re-issued; this one is "
                    + invoice.status());
        }
    }
}
