package dev.billing.events.invoice;

import java.math.BigDecimal;

/** Tax summary for one rate (KDV/AFA percent): taxable base and tax, each rounded once. */
public record TaxLine(BigDecimal taxRate, BigDecimal taxableAmount, BigDecimal taxAmount) {
}
