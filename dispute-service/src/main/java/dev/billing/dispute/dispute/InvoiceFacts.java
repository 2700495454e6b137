package dev.billing.dispute.dispute;

import java.math.BigDecimal;
import java.util.List;

/** What the amount rules need of the invoice in question: its currency, what is still open of it, and its lines' quantities in order. */
public record InvoiceFacts(String currency, BigDecimal openAmount, List<BigDecimal> lineQuantities) {
}
