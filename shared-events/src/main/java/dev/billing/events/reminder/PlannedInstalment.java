package dev.billing.events.reminder;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One instalment of a payment plan: its place (1, 2, ...), due day and amount. */
public record PlannedInstalment(int position, LocalDate dueOn, BigDecimal amount) {
}
