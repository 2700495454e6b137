package dev.billing.events.dispute;

import java.math.BigDecimal;

/** A line of the invoice by its position (0-based, as on {@code InvoiceIssued.lines}) and the quantity of it in question. */
public record DisputedLine(int line, BigDecimal quantity) {
}
