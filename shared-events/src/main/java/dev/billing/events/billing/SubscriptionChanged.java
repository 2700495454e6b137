package dev.billing.events.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A subscription's price, quantity or description changed from {@code effectiveDate}. */
public record SubscriptionChanged(UUID subscriptionId, UUID customerId, String description, BigDecimal quantity,
                                  BigDecimal unitPrice, String currency, BigDecimal taxRate, LocalDate effectiveDate) {
}
