package dev.billing.events.reminder;

import dev.billing.events.OptionalField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A dunning step fired: send {@code template} over {@code channel} about the invoice. {@code alsoDue}: the customer's
 * other invoices whose steps on the same channel fell due the same day, to be listed in this one message (none: the
 * message is about this invoice alone).
 */
public record ReminderDue(UUID reminderId, UUID customerId, UUID invoiceId, String invoiceNumber, int step,
                          String channel, String template, LocalDate dueDate, String currency, BigDecimal openAmount,
                          @OptionalField List<DueInvoice> alsoDue) {

    /** One more invoice in the same message. */
    public record DueInvoice(UUID invoiceId, String invoiceNumber, LocalDate dueDate, String currency, BigDecimal openAmount) {
    }

    /** A reminder about one invoice alone. */
    public ReminderDue(UUID reminderId, UUID customerId, UUID invoiceId, String invoiceNumber, int step, String channel, String template,
                       LocalDate dueDate, String currency, BigDecimal openAmount) {
        this(reminderId, customerId, invoiceId, invoiceNumber, step, channel, template, dueDate, currency, openAmount, null);
    }

    /** Every invoice the message is about, this one first. */
    public List<DueInvoice> invoices() {
        List<DueInvoice> all = new java.util.ArrayList<>();
        all.add(new DueInvoice(invoiceId, invoiceNumber, dueDate, currency, openAmount));
        if (alsoDue != null) {
            all.addAll(alsoDue);
        }
        return List.copyOf(all);
    }
}
