package dev.billing.payment.provider.sandbox;

import dev.billing.payment.checkout.Checkouts;
import dev.billing.payment.provider.PaymentProvider;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The local run's provider: its hosted page is payment-service's own {@code /pay/sandbox/{checkout}}
 * ({@link SandboxPage}), where test cards succeed, are declined, or ask for a confirmation step first. What it
 * charged stays in its own book ({@link SandboxCharges}), which answers the status query; it calls back like a real
 * provider, signed ({@link SandboxCallbacks}). It gives back what it charged, keeping its refunds in its own book too
 * ({@link SandboxRefunds}). Under the {@code production} profile it does not exist: its page and its
 * callback answer 404, and {@code PAYMENT_PROVIDER} must name a real provider.
 */
@Component
class SandboxProvider implements PaymentProvider {
    private final String publicBaseUrl;
    private final SandboxCharges charges;
    private final Checkouts checkouts;
    private final boolean production;
    private final SandboxCards cards;
    private final SandboxRefunds refunds;
    private final Clock clock;

    SandboxProvider(@Value("${payment.public-base-url}") String publicBaseUrl, SandboxCharges charges, Checkouts checkouts,
                    Environment environment, SandboxCards cards, SandboxRefunds refunds, Clock clock) {
        this.cards = cards;
        this.refunds = refunds;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
        this.charges = charges;
        this.checkouts = checkouts;
        this.production = environment.acceptsProfiles(Profiles.of("production"));
    }

    /** Never in production: its test cards pay nothing, and its page and callback would mark invoices paid. */
    @Override
    public boolean configured() {
        return !production;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public String start(Start checkout) {
        return publicBaseUrl + "/pay/sandbox/" + checkout.checkoutId();
    }

    @Override
    public Optional<Outcome> status(UUID checkoutId) {
        return charges.find(checkoutId).filter(charge -> !charge.status().equals(SandboxCharges.AWAITING_CONFIRMATION))
                .map(charge -> new Outcome(checkoutId, charge.status().equals(SandboxCharges.SUCCEEDED), charge.transactionId(),
                        charge.status().equals(SandboxCharges.SUCCEEDED) ? checkouts.find(checkoutId).orElseThrow().amount() : null, null,
                        charge.declineReason(), charge.cardToken() == null ? null : cards.find(charge.cardToken()).orElse(null)));
    }

    @Override
    public boolean savesCards() {
        return true;
    }

    @Override
    public Charged chargeSaved(SavedCharge charge) {
        return cards.charge(charge, clock.instant());
    }

    @Override
    public CardDeletion deleteSavedCard(String cardToken) {
        cards.delete(cardToken, clock.instant());
        return CardDeletion.done();
    }

    @Override
    public boolean refunds() {
        return true;
    }

    @Override
    public RefundOutcome refund(RefundOrder refund) {
        return refunds.refund(refund, clock.instant());
    }
}
