package dev.billing.billing.subscription;

import dev.billing.billing.customer.Customer;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.SubscriptionChanged;
import dev.billing.support.events.Outbox;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.stereotype.Service;

/**
 * Puts a change into force on its effective date. Billed in advance, a date inside the period
 * already invoiced is settled by proration: a credit for the old terms and a charge for the new
 * ones over the rest of the period, both for the customer's next invoice. Billed in arrears, the
 * period is invoiced at the terms in force when it is billed. Announced as {@code SubscriptionChanged}.
 */
@Service
public class ApplyingChange {
    private final Subscriptions subscriptions;
    private final ProratedCharges prorated;
    private final Outbox outbox;

    ApplyingChange(Subscriptions subscriptions, ProratedCharges prorated, Outbox outbox) {
        this.subscriptions = subscriptions;
        this.prorated = prorated;
        this.outbox = outbox;
    }

    /** A change; null fields stay as they are. */
    public record Change(String description, BigDecimal quantity, BigDecimal unitPrice, LocalDate effective) {
    }

    /** Applies {@code change} to the locked subscription, billed up to the period its date falls in; returns it changed. */
    public Subscription apply(Subscription s, Customer customer, Change change) {
        String description = change.description() == null ? s.description() : change.description();
        BigDecimal quantity = change.quantity() == null ? s.quantity() : change.quantity();
        BigDecimal unitPrice = change.unitPrice() == null ? s.unitPrice() : change.unitPrice();
        LocalDate date = change.effective();
        if (!s.inArrears() && s.periodsBilled() > 0 && "ACTIVE".equals(s.status())) {
            int current = s.periodsBilled() - 1;
            LocalDate end = s.schedule().cutDate(current + 1);
            if (date.isBefore(end)) {
                String language = customer.language();
                prorated.credit(s, language, s.description(), s.quantity(), s.unitPrice(), date, end, current);
                prorated.charge(s, language, description, quantity, unitPrice, date, end, current);
            }
        }
        subscriptions.changePrice(s.id(), description, quantity, unitPrice);
        outbox.add(EventCatalog.SUBSCRIPTION_CHANGED, s.customerId(), "subscription/" + s.id(),
                new SubscriptionChanged(s.id(), s.customerId(), description, quantity, unitPrice, s.currency(), s.taxRate(), date));
        return subscriptions.find(s.id()).orElseThrow();
    }
}
