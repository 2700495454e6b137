package dev.billing.reminder.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * How a customer pays, from their record: the days late per paid invoice weighted by its amount (early counts as 0),
 * the reminders each paid invoice needed, broken promises and partial payments. The thresholds:
 * <ul>
 * <li>{@code IN_DIFFICULTY}: 2 or more broken promises, or 3 or more partial payments with more than 15 days late;</li>
 * <li>{@code CHRONIC_LATE}: more than 15 days late, or half or more of the paid invoices needed 2 or more reminders;</li>
 * <li>{@code FORGETFUL}: more than 1 day late, or a paid invoice needed a reminder on average;</li>
 * <li>{@code ON_TIME}: otherwise, also with no paid invoice yet.</li>
 * </ul>
 */
public record PayerProfile(Kind kind, int paidInvoices, BigDecimal weightedDaysLate, BigDecimal averageReminders, int brokenPromises,
                           int partialPayments) {

    public enum Kind { ON_TIME, FORGETFUL, CHRONIC_LATE, IN_DIFFICULTY }

    /** A paid invoice: its amount, days from due date to payment (negative: early), reminders sent before it was paid. */
    public record Paid(BigDecimal amount, long daysLate, int reminders) {
    }

    public static PayerProfile of(List<Paid> paid, int brokenPromises, int partialPayments) {
        BigDecimal weightedLate = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        int reminders = 0;
        int needingTwo = 0;
        for (Paid invoice : paid) {
            weightedLate = weightedLate.add(invoice.amount().multiply(BigDecimal.valueOf(Math.max(0, invoice.daysLate()))));
            total = total.add(invoice.amount());
            reminders += invoice.reminders();
            needingTwo += invoice.reminders() >= 2 ? 1 : 0;
        }
        BigDecimal late = total.signum() == 0 ? BigDecimal.ZERO : weightedLate.divide(total, 1, RoundingMode.HALF_UP);
        BigDecimal averageReminders = paid.isEmpty() ? BigDecimal.ZERO
                : BigDecimal.valueOf(reminders).divide(BigDecimal.valueOf(paid.size()), 1, RoundingMode.HALF_UP);
        BigDecimal fifteen = BigDecimal.valueOf(15);
        Kind kind;
        if (brokenPromises >= 2 || (partialPayments >= 3 && late.compareTo(fifteen) > 0)) {
            kind = Kind.IN_DIFFICULTY;
        } else if (late.compareTo(fifteen) > 0 || (!paid.isEmpty() && needingTwo * 2 >= paid.size())) {
            kind = Kind.CHRONIC_LATE;
        } else if (late.compareTo(BigDecimal.ONE) > 0 || averageReminders.compareTo(BigDecimal.ONE) >= 0) {
            kind = Kind.FORGETFUL;
        } else {
            kind = Kind.ON_TIME;
        }
        return new PayerProfile(kind, paid.size(), late, averageReminders, brokenPromises, partialPayments);
    }
}
