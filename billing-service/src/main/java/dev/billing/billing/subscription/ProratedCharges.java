package dev.billing.billing.subscription;

import dev.billing.billing.charge.Labels;
import dev.billing.billing.charge.PendingCharges;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Prorated credits and charges of pauses, resumes and changes, waiting for the customer's next
 * invoice: the days [from, to) of period n at {@code quantity × unitPrice}. Each one counts, so none
 * has a source reference that could make a second one of the same day vanish.
 */
@Component
class ProratedCharges {
    private final PendingCharges pending;
    private final Clock clock;

    ProratedCharges(PendingCharges pending, Clock clock) {
        this.pending = pending;
        this.clock = clock;
    }

    void credit(Subscription s, String language, String description, BigDecimal quantity, BigDecimal unitPrice,
                LocalDate from, LocalDate to, int period) {
        add(s, "credit", "PRORATION_CREDIT", description, part(s, quantity, unitPrice, from, to, period).negate(), from, to, language);
    }

    void charge(Subscription s, String language, String description, BigDecimal quantity, BigDecimal unitPrice,
                LocalDate from, LocalDate to, int period) {
        add(s, "charge", "PRORATION_CHARGE", description, part(s, quantity, unitPrice, from, to, period), from, to, language);
    }

    private static BigDecimal part(Subscription s, BigDecimal quantity, BigDecimal unitPrice, LocalDate from, LocalDate to, int period) {
        LocalDate[] full = s.schedule().fullPeriod(period);
        return Proration.part(quantity.multiply(unitPrice), from, to, full[0], full[1]);
    }

    private void add(Subscription s, String label, String kind, String description, BigDecimal amount, LocalDate from,
                     LocalDate to, String language) {
        if (amount.signum() == 0) {
            return;
        }
        pending.add(new PendingCharges.Charge(UUID.randomUUID(), s.customerId(), s.id(),
                Labels.of(label, language) + ": " + description + " (" + from + " – " + to.minusDays(1) + ")", BigDecimal.ONE,
                amount, s.taxRate(), s.currency(), kind, null), clock.instant());
    }
}
