package dev.billing.events.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A recurring service was sold to a customer. {@code interval} is an ISO-8601 period (P1M, P3M, P1Y, P2M ...). */
public record SubscriptionStarted(UUID subscriptionId, UUID customerId, String description, BigDecimal quantity,
                                  BigDecimal unitPrice, String currency, BigDecimal taxRate, String interval,
                                  LocalDate startDate, LocalDate nextCutDate) {
}
