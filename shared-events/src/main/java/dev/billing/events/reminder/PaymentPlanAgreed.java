package dev.billing.events.reminder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A payment plan for an invoice was agreed, or its instalments changed (new terms before it started, or moved by a
 * paused time): the whole schedule as it stands. {@code total}: the open amount the instalments add up to.
 */
public record PaymentPlanAgreed(UUID planId, UUID customerId, UUID invoiceId, String currency, BigDecimal total,
                                List<PlannedInstalment> instalments, Instant changedAt) {
}
