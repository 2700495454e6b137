package dev.billing.payment.automatic;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.Providers;
import dev.billing.support.money.Money;
import dev.billing.support.security.PortalCustomer;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Saved cards and automatic charges: staff see a customer's cards (masked) and charges with their attempts
 * ({@code /api/payments/saved-cards}, {@code /api/payments/automatic-charges}); the customer sees their card in the
 * portal and withdraws the authorisation there ({@code /api/portal/saved-cards}). A card is saved while paying in the
 * portal ({@code saveCard} on the checkout).
 */
@RestController
class AutomaticPaymentController {
    private final SavedCards cards;
    private final AutomaticCharges charges;
    private final Providers providers;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AutomaticPaymentController(SavedCards cards, AutomaticCharges charges, Providers providers,
                               TransactionTemplate transactions, Clock clock) {
        this.cards = cards;
        this.charges = charges;
        this.providers = providers;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * A saved card as it may be shown: never its token. {@code deletedAtProvider}: when a card no longer charged was
     * deleted at its provider ({@code DeletingEndedCards}); {@code providerDeletionRefused}: the provider's reason when it
     * refused (both null while the provider still keeps it).
     */
    record CardView(UUID id, String provider, String brand, String maskedNumber, LocalDate expiresOn, String status, Instant authorisedAt,
                    Instant endedAt, String endedReason, Instant deletedAtProvider, String providerDeletionRefused) {
        static CardView of(SavedCards.Card card) {
            return new CardView(card.id(), card.provider(), card.brand(), "**** **** **** " + card.last4(), card.expiresOn(), card.status(),
                    card.authorisedAt(), card.endedAt(), card.endedReason(), card.deletedAtProvider(), card.providerDeletionRefused());
        }
    }

    record ChargeView(UUID id, UUID invoiceId, UUID cardId, String currency, String amount, String status, LocalDate firstAttemptOn,
                      int failedAttempts, LocalDate nextAttemptOn, String lastFailure, UUID paymentId, Instant updatedAt) {
    }

    /** {@code savingOffered}: whether the portal's provider saves cards; {@code cards}: the active card, if any. */
    record PortalCards(boolean savingOffered, List<CardView> cards) {
    }

    @GetMapping("/api/payments/saved-cards")
    List<CardView> savedCards(@RequestParam UUID customerId) {
        return cards.of(customerId).stream().map(CardView::of).toList();
    }

    @GetMapping("/api/payments/automatic-charges")
    List<ChargeView> automaticCharges(@RequestParam UUID customerId) {
        return charges.of(customerId).stream().map(charge -> new ChargeView(charge.id(), charge.invoiceId(), charge.cardId(),
                charge.currency(), Money.exact(charge.amount(), charge.currency()).toPlainString(), charge.status(), charge.firstAttemptOn(),
                charge.failedAttempts(), charge.nextAttemptOn(), charge.lastFailure(), charge.paymentId(), charge.updatedAt())).toList();
    }

    @GetMapping("/api/portal/saved-cards")
    PortalCards portalCards() {
        PaymentProvider provider = providers.get(null);
        return new PortalCards(provider.savesCards(), cards.active(PortalCustomer.current()).stream().map(CardView::of).toList());
    }

    /** The customer withdraws the authorisation: the card is not charged again (what is charging now finishes). */
    @DeleteMapping("/api/portal/saved-cards/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID id) {
        UUID customer = PortalCustomer.current();
        SavedCards.Card card = cards.find(id).filter(found -> found.customerId().equals(customer))
                .orElseThrow(() -> ApiProblem.notFound("Saved card", id));
        if (!card.status().equals(SavedCards.ACTIVE)) {
            return;
        }
        transactions.executeWithoutResult(status -> cards.end(id, SavedCards.REMOVED, "the customer withdrew the authorisation", clock.instant()));
    }
}
