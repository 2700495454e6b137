package dev.billing.events.reminder;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A dunning step fired: send {@code template} over {@code channel} about the invoice. */
public record ReminderDue(UUID reminderId, UUID customerId, UUID invoiceId, String invoiceNumber, int step,
                          String channel, String template, LocalDate dueDate, String currency, BigDecimal openAmount) {
}
