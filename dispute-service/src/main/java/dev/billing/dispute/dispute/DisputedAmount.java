package dev.billing.dispute.dispute;

import dev.billing.events.dispute.DisputedLine;
import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What of the invoice is in question: the whole open amount (neither amount nor lines given), a part of it
 * ({@code amount}: positive, in the currency's minor digits, never more than the open amount), or some of its lines by
 * position (0-based, as on {@code InvoiceIssued.lines}), each line at most once and for at most its quantity; a line
 * named without a quantity is the whole line (its quantity on the invoice). Amount and lines together are refused: one
 * question, one measure. The same rules hold for a credit note's amount or lines ({@link Proposal} adds that the
 * credited lines' gross must not be more than the open amount).
 *
 * @param amount the amount in question, null when it is lines
 * @param lines  the lines in question, null when it is an amount
 */
public record DisputedAmount(BigDecimal amount, List<DisputedLine> lines) {

    /** A line as a request names it: position and quantity (a decimal string; missing or blank: the whole line). */
    public record LineRequest(Integer line, String quantity) {
    }

    public static DisputedAmount of(String amountText, List<LineRequest> lineRequests, InvoiceFacts invoice, boolean wholeWhenNone) {
        boolean hasAmount = amountText != null;
        boolean hasLines = lineRequests != null && !lineRequests.isEmpty();
        if (hasAmount && hasLines) {
            throw ApiProblem.badRequest("amount", "give either an amount or lines, not both");
        }
        if (hasLines) {
            return new DisputedAmount(null, lines(lineRequests, invoice));
        }
        if (!hasAmount) {
            if (!wholeWhenNone) {
                throw ApiProblem.badRequest("amount", "is required: an amount or lines");
            }
            return new DisputedAmount(Money.exact(invoice.openAmount(), invoice.currency()), null);
        }
        BigDecimal amount = RequestValues.amountIn("amount", amountText, invoice.currency());
        if (amount.compareTo(invoice.openAmount()) > 0) {
            throw ApiProblem.unprocessable("amount", "must not be more than the invoice's open amount, "
                    + Money.exact(invoice.openAmount(), invoice.currency()).toPlainString() + " " + invoice.currency());
        }
        return new DisputedAmount(amount, null);
    }

    private static List<DisputedLine> lines(List<LineRequest> requests, InvoiceFacts invoice) {
        if (requests.size() > 1000) {
            throw ApiProblem.badRequest("lines", "must not name more than 1000 lines");
        }
        List<DisputedLine> lines = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            LineRequest request = requests.get(i);
            String field = "lines[" + i + "]";
            if (request == null || request.line() == null) {
                throw ApiProblem.badRequest(field + ".line", "is required: the line's position on the invoice, from 0");
            }
            int line = request.line();
            if (line < 0 || line >= invoice.lineQuantities().size()) {
                throw ApiProblem.unprocessable(field + ".line", "the invoice has no line " + line + " (it has "
                        + invoice.lineQuantities().size() + ", numbered from 0)");
            }
            if (!seen.add(line)) {
                throw ApiProblem.badRequest(field + ".line", "line " + line + " is named twice");
            }
            BigDecimal onInvoice = invoice.lineQuantities().get(line);
            BigDecimal quantity = request.quantity() == null || request.quantity().isBlank() ? onInvoice
                    : RequestValues.positive(field + ".quantity", request.quantity());
            if (quantity.compareTo(onInvoice) > 0) {
                throw ApiProblem.unprocessable(field + ".quantity", "must not be more than the line's quantity, "
                        + onInvoice.stripTrailingZeros().toPlainString());
            }
            lines.add(new DisputedLine(line, quantity));
        }
        return List.copyOf(lines);
    }
}
