package dev.billing.payment.checkout;

import dev.billing.events.EventCatalog;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.payment.automatic.SavedCards;
import dev.billing.payment.payment.Payment;
import dev.billing.payment.payment.Payments;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what a provider decided about a checkout, once, whether it says so by a verified callback or in answer to
 * the reconciliation's status query: paid, it becomes one payment (method CARD) per invoice of the checkout, in the
 * order the checkout split it (oldest due first), each published as {@code PaymentReceived} with the provider's
 * transaction id; declined, {@code PaymentFailed}. A checkout already decided is left as it is: a repeated or
 * replayed callback changes nothing. A provider that collected more than the checkout (instalment interest) has
 * the checkout's amount applied; the rest is not customer credit. A card the customer asked to save while paying is
 * kept (its token) for automatic charges, once the payment with it succeeded.
 */
@Service
public class CompletingCheckout {
    private static final Logger log = LoggerFactory.getLogger(CompletingCheckout.class);
    private final Checkouts checkouts;
    private final Payments payments;
    private final Outbox outbox;
    private final SavedCards cards;
    private final Clock clock;

    CompletingCheckout(Checkouts checkouts, Payments payments, Outbox outbox, SavedCards cards, Clock clock) {
        this.cards = cards;
        this.checkouts = checkouts;
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** False when the checkout is unknown; true when it is decided now or was already. */
    @Transactional
    public boolean complete(String provider, PaymentProvider.Outcome outcome) {
        Checkouts.Checkout checkout = checkouts.lock(outcome.checkoutId()).orElse(null);
        if (checkout == null || !checkout.provider().equals(provider)) {
            return false;
        }
        // money the provider took after the checkout was given up (abandoned, failed to start) is still money received
        boolean late = checkout.status().equals("FAILED") && outcome.paid();
        if (!checkout.status().equals("OPEN") && !late) {
            if (outcome.paid() && !outcome.transactionId().equals(checkout.providerReference())) {
                log.error("Provider {} reports payment {} for checkout {}, which is {} under {}: not recorded, look at the provider's report",
                        provider, outcome.transactionId(), checkout.id(), checkout.status(), checkout.providerReference());
            }
            return true;
        }
        if (late) {
            log.warn("Provider {} was paid for checkout {} after it was given up ({}): recorded now", provider, checkout.id(), checkout.failure());
        }
        Instant now = clock.instant();
        if (!outcome.paid()) {
            checkouts.failed(checkout.id(), outcome.transactionId(), outcome.failure(), now);
            outbox.add(EventCatalog.PAYMENT_FAILED, checkout.customerId(), "checkout/" + checkout.id(),
                    new PaymentFailed(checkout.id(), checkout.customerId(), null, checkout.currency(), checkout.amount(), provider,
                            outcome.failure(), now, null, null));
            return true;
        }
        if (outcome.currency() != null && !outcome.currency().equalsIgnoreCase(checkout.currency())) {
            log.error("Provider {} reports {} {} for checkout {} in {}: not recorded", provider, outcome.collected(), outcome.currency(),
                    checkout.id(), checkout.currency());
            checkouts.mismatched(checkout.id(), outcome.transactionId(), "the provider collected in " + outcome.currency() + ", not "
                    + checkout.currency(), now);
            return true;
        }
        if (outcome.collected() != null && outcome.collected().compareTo(checkout.amount()) < 0) {
            // less than asked is no payment of this checkout: the provider's books and ours disagree, a person must look
            log.error("Provider {} reports {} for checkout {} of {} {}: not recorded", provider, outcome.collected(), checkout.id(),
                    checkout.amount(), checkout.currency());
            checkouts.mismatched(checkout.id(), outcome.transactionId(), "the provider collected " + outcome.collected().toPlainString()
                    + ", less than the checkout's " + checkout.amount().toPlainString(), now);
            return true;
        }
        List<Checkouts.Part> parts = checkouts.parts(checkout.id());
        for (Checkouts.Part part : parts) {
            Payment payment = payments.save(new Payment(UUID.randomUUID(), checkout.customerId(), part.invoiceId(), checkout.currency(),
                    Money.exact(part.amount(), checkout.currency()), "CARD", provider, outcome.transactionId(), null, now, now,
                    "customer"));
            outbox.add(EventCatalog.PAYMENT_RECEIVED, checkout.customerId(), "payment/" + payment.id(),
                    new PaymentReceived(payment.id(), checkout.customerId(), part.invoiceId(), checkout.currency(), payment.amount(),
                            "CARD", provider, outcome.transactionId(), now));
        }
        if (checkout.saveCard() && outcome.savedCard() != null) {
            cards.saved(checkout.customerId(), provider, outcome.savedCard(), checkout.id(), now);
        }
        // more than the checkout is the provider's instalment interest: kept on the checkout, never the customer's credit
        checkouts.paid(checkout.id(), outcome.transactionId(), outcome.collected() == null ? checkout.amount() : outcome.collected(), now);
        return true;
    }
}
