package dev.billing.dispute.dispute;

import dev.billing.events.billing.RequestedLine;
import dev.billing.events.dispute.DisputedLine;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An outcome as staff propose it. {@code REJECTED}: the resolution (the reasons, as written to the customer) only.
 * {@code CREDIT_NOTE}: an amount or lines ({@link DisputedAmount}'s rules: not more than the open amount, the lines'
 * quantities; and the credited lines' gross, as {@link InvoiceFacts#grossOf} computes it, not more than the open
 * amount: 422 naming {@code lines}). {@code REISSUE}: the corrected lines of the invoice that replaces this one
 * (description, quantity, unit price, tax rate), required. The resolution is required for every outcome.
 */
public record Proposal(Outcome outcome, BigDecimal amount, List<DisputedLine> lines, List<RequestedLine> correctedLines,
                       String resolution) {

    /** A corrected line as a request gives it: decimal strings. */
    public record CorrectedLineRequest(String description, String quantity, String unitPrice, String taxRate) {
    }

    public static Proposal of(String outcomeText, String amount, List<DisputedAmount.LineRequest> lines,
                              List<CorrectedLineRequest> correctedLines, String resolutionText, InvoiceFacts invoice) {
        Outcome outcome = Outcome.parse("outcome", outcomeText);
        String resolution = MessageText.of("resolution", resolutionText);
        switch (outcome) {
            case REJECTED -> {
                if (amount != null || (lines != null && !lines.isEmpty()) || (correctedLines != null && !correctedLines.isEmpty())) {
                    throw ApiProblem.badRequest("outcome", "a rejection changes no money: no amount, lines or correctedLines");
                }
                return new Proposal(outcome, null, null, null, resolution);
            }
            case CREDIT_NOTE -> {
                if (correctedLines != null && !correctedLines.isEmpty()) {
                    throw ApiProblem.badRequest("correctedLines", "are for a REISSUE; a credit note has an amount or lines");
                }
                DisputedAmount credit = DisputedAmount.of(amount, lines, invoice, false);
                Proposal proposal = new Proposal(outcome, credit.amount(), credit.lines(), null, resolution);
                proposal.linesFit(invoice);
                return proposal;
            }
            default -> {
                if (amount != null || (lines != null && !lines.isEmpty())) {
                    throw ApiProblem.badRequest("amount", "a REISSUE has correctedLines, not an amount or lines");
                }
                return new Proposal(outcome, null, null, corrected(correctedLines), resolution);
            }
        }
    }

    /**
     * The proposal checked again against the invoice as dispute-service's copy has it now (a payment or a credit note
     * may have come since it was made): a credit's amount, or its lines' gross, not more than what is open.
     */
    public void stillFits(InvoiceFacts invoice) {
        if (amount != null && amount.compareTo(invoice.openAmount()) > 0) {
            throw ApiProblem.unprocessable("amount", "the invoice's open amount is now " + invoice.openAmount().toPlainString()
                    + " " + invoice.currency() + ", less than the proposed credit");
        }
        linesFit(invoice);
    }

    /** A credit by lines: the lines' gross must not be more than the invoice's open amount (422 naming {@code lines}). */
    private void linesFit(InvoiceFacts invoice) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        java.util.Map<Integer, BigDecimal> quantities = new java.util.TreeMap<>();
        lines.forEach(line -> quantities.put(line.line(), line.quantity()));
        BigDecimal gross = invoice.grossOf(quantities);
        if (gross.compareTo(invoice.openAmount()) > 0) {
            throw ApiProblem.unprocessable("lines", "the credited lines come to " + gross.toPlainString() + " " + invoice.currency()
                    + " gross, more than the invoice's open amount, " + dev.billing.support.money.Money.exact(invoice.openAmount(),
                    invoice.currency()).toPlainString() + " " + invoice.currency());
        }
    }

    private static List<RequestedLine> corrected(List<CorrectedLineRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw ApiProblem.badRequest("correctedLines", "are required for a REISSUE: the lines of the corrected invoice");
        }
        if (requests.size() > 500) {
            throw ApiProblem.badRequest("correctedLines", "must be at most 500 lines");
        }
        List<RequestedLine> lines = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            CorrectedLineRequest request = requests.get(i);
            String field = "correctedLines[" + i + "]";
            if (request == null) {
                throw ApiProblem.badRequest(field, "must not be null");
            }
            String description = RequestValues.singleLine(field + ".description", request.description());
            if (description == null || description.isBlank() || description.length() > 500) {
                throw ApiProblem.badRequest(field + ".description", "is required, at most 500 characters");
            }
            lines.add(new RequestedLine(description.strip(), RequestValues.positive(field + ".quantity", request.quantity()),
                    RequestValues.decimal(field + ".unitPrice", request.unitPrice()),
                    RequestValues.percent(field + ".taxRate", request.taxRate())));
        }
        return List.copyOf(lines);
    }
}
