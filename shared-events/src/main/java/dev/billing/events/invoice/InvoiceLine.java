package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;

/**
 * An issued invoice line with its amounts rounded to the currency's minor unit; {@code discountPercent}
 * (added in v1, optional) reduced quantity x unit price before tax.
 */
public record InvoiceLine(String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal taxRate,
                          BigDecimal netAmount, BigDecimal taxAmount, BigDecimal grossAmount,
                          @OptionalField BigDecimal discountPercent) {
}
