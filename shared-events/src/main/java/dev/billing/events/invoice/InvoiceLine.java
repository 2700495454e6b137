package dev.billing.events.invoice;

import java.math.BigDecimal;

/** An issued invoice line with its amounts rounded to the currency's minor unit. */
public record InvoiceLine(String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal taxRate,
                          BigDecimal netAmount, BigDecimal taxAmount, BigDecimal grossAmount) {
}
