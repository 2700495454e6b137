package dev.billing.invoice.dispute;

import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputedLine;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.issuing.IssuingInvoice;
import dev.billing.invoice.lifecycle.CreditingInvoice;
import dev.billing.invoice.lifecycle.ReissuingInvoice;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a resolved dispute does to its invoice ({@code DisputeResolved}, in the consumer's transaction):
 * <ul>
 * <li>{@code CREDIT_NOTE}: a credit note for {@code creditAmount} or for {@code creditLines}, its reason the dispute's
 * resolution, naming the dispute (one credit note per dispute, however often the event comes).</li>
 * <li>{@code REISSUE}: storno and a corrected invoice from {@code correctedLines} for the same period
 * ({@link ReissuingInvoice}); an invoice corrected already is left alone.</li>
 * <li>{@code REJECTED}: nothing.</li>
 * </ul>
 * An outcome that no longer fits the invoice (it changed while the dispute ran) never loops: a credit by amount above
 * what is open now credits what is open ({@link DisputeCredit}); everything else that cannot be applied as approved
 * — the invoice paid or cancelled meanwhile, a credit by lines above what is still creditable or open, an unknown
 * invoice or outcome, corrected lines that can never be invoiced — is refused as {@link InvalidEventException}: the
 * event goes to the dead-letter topic at once, nothing is written, and staff settle the case by hand (a refund of what
 * was paid, a credit note or storno of their own).
 */
@Service
public class ApplyingDisputeOutcome {
    private static final Logger log = LoggerFactory.getLogger(ApplyingDisputeOutcome.class);
    private final Invoices invoices;
    private final CreditingInvoice crediting;
    private final ReissuingInvoice reissuing;

    public ApplyingDisputeOutcome(Invoices invoices, CreditingInvoice crediting, ReissuingInvoice reissuing) {
        this.invoices = invoices;
        this.crediting = crediting;
        this.reissuing = reissuing;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void resolved(DisputeResolved resolved) {
        String what = "Dispute " + resolved.disputeId() + " (" + resolved.outcome() + ") on invoice " + resolved.invoiceId();
        if (resolved.outcome() == null) {
            throw new InvalidEventException(what + " has no outcome");
        }
        try {
            switch (resolved.outcome()) {
                case "CREDIT_NOTE" -> credit(what, resolved);
                case "REISSUE" -> reissue(what, resolved);
                case "REJECTED" -> log.debug("{}: the invoice stands as issued", what);
                default -> throw new InvalidEventException(what + ": unknown outcome");
            }
        } catch (ApiProblem e) {
            throw new InvalidEventException(what + " cannot be applied: " + e.getMessage(), e);
        }
    }

    private void credit(String what, DisputeResolved resolved) {
        if (crediting.forDispute(resolved.disputeId()).isPresent()) {
            log.info("{}: its credit note was issued already", what);
            return;
        }
        boolean byAmount = resolved.creditAmount() != null;
        boolean byLines = resolved.creditLines() != null && !resolved.creditLines().isEmpty();
        if (byAmount == byLines) {
            throw new InvalidEventException(what + " needs either creditAmount or creditLines");
        }
        Invoice invoice = open(what, resolved);
        String reason = resolved.resolution();
        if (byAmount) {
            BigDecimal approved = resolved.creditAmount();
            BigDecimal credit = DisputeCredit.creditable(approved, invoice.openAmount());
            if (credit.signum() <= 0) {
                throw new InvalidEventException(what + ": nothing of " + invoice.number() + " is open any more");
            }
            if (DisputeCredit.capped(approved, credit)) {
                log.warn("{}: {} {} approved, only {} open now; crediting what is open", what, approved.toPlainString(),
                        invoice.currency(), credit.toPlainString());
            }
            crediting.credit(invoice.id(), credit, reason, resolved.disputeId());
        } else {
            List<CreditingInvoice.LineCredit> lines = resolved.creditLines().stream()
                    .map(ApplyingDisputeOutcome::lineCredit).toList();
            crediting.creditLines(invoice.id(), lines, reason, resolved.disputeId());
        }
    }

    private static CreditingInvoice.LineCredit lineCredit(DisputedLine line) {
        if (line == null || line.quantity() == null || line.quantity().signum() <= 0) {
            throw new InvalidEventException("A credited line needs a positive quantity: " + line);
        }
        return new CreditingInvoice.LineCredit(line.line(), line.quantity());
    }

    private void reissue(String what, DisputeResolved resolved) {
        Invoice invoice = invoices.find(resolved.invoiceId())
                .orElseThrow(() -> new InvalidEventException(what + ": unknown invoice"));
        if (invoice.correctedByInvoiceId() != null) {
            log.info("{}: re-issued already", what);
            return;
        }
        open(what, resolved);
        List<InvoiceCalculator.LineInput> lines = IssuingInvoice.lineInputs(what + ": correctedLines", resolved.correctedLines());
        InvoiceCalculator.Result amounts = IssuingInvoice.amounts(what, Currency.getInstance(invoice.currency()), lines);
        reissuing.reissue(invoice.id(), amounts, resolved.resolution());
    }

    /** The dispute's invoice, locked, open (ISSUED or PARTIALLY_PAID) and in the dispute's currency. */
    private Invoice open(String what, DisputeResolved resolved) {
        Invoice invoice = invoices.lock(resolved.invoiceId())
                .orElseThrow(() -> new InvalidEventException(what + ": unknown invoice"));
        if (!invoice.status().isOpen()) {
            throw new InvalidEventException(what + ": invoice " + invoice.number() + " is " + invoice.status()
                    + " now; the outcome is not applied, settle it by hand");
        }
        if (resolved.currency() != null && !resolved.currency().equals(invoice.currency())) {
            throw new InvalidEventException(what + ": the dispute is in " + resolved.currency() + ", the invoice in "
                    + invoice.currency());
        }
        if (!invoice.customerId().equals(resolved.customerId())) {
            throw new InvalidEventException(what + ": the invoice is another customer's");
        }
        return invoice;
    }
}
