package dev.billing.events.billing;

import java.math.BigDecimal;

/** One line to invoice: quantity times unit price (net), taxed at {@code taxRate} percent. */
public record RequestedLine(String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal taxRate) {
}
