package dev.billing.payment.automatic;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.Providers;
import dev.billing.support.time.DueWork;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A saved card that is no longer charged (removed by the customer, replaced by a newer one, blocked after a hard
 * decline) is deleted at its provider too ({@link PaymentProvider#deleteSavedCard}): the provider keeps no
 * authorisation nobody uses. Ending the card and this call are apart on purpose: the customer's removal never waits
 * for the provider. Each pass takes the cards asked least recently first; a provider that gives no answer is asked
 * again at a later pass, and its other cards wait for that pass too, so one provider that is down costs one timeout a
 * pass. A refusal is kept with the provider's reason and not asked again. The calls go through a circuit breaker of
 * their own ({@code <provider>/card-deletion}), apart from the one payments use. Runs every
 * {@code payment.reconcile-interval} (1 min) and at once when the test clock moves.
 */
@Component
public class DeletingEndedCards implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(DeletingEndedCards.class);
    private static final int BATCH = 100;
    private final SavedCards cards;
    private final Providers providers;
    private final Clock clock;

    DeletingEndedCards(SavedCards cards, Providers providers, Clock clock) {
        this.cards = cards;
        this.providers = providers;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${payment.reconcile-interval:1m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        List<String> keepingCards = providers.all().stream().filter(PaymentProvider::savesCards).map(PaymentProvider::name).toList();
        if (keepingCards.isEmpty()) {
            return;
        }
        Set<String> unanswered = new HashSet<>();
        for (SavedCards.Card card : cards.toDeleteAtProvider(keepingCards, BATCH)) {
            if (unanswered.contains(card.provider())) {
                continue;
            }
            PaymentProvider provider = providers.get(card.provider());
            try {
                PaymentProvider.CardDeletion deletion = providers.call(card.provider(), "card-deletion",
                        () -> provider.deleteSavedCard(card.token()));
                if (deletion.deleted()) {
                    cards.markDeletedAtProvider(card.id(), clock.instant());
                } else {
                    log.warn("{} refused to delete saved card {}: {}", card.provider(), card.id(), deletion.refusal());
                    cards.markDeletionRefused(card.id(), deletion.refusal(), clock.instant());
                }
            } catch (IllegalArgumentException notItsCard) {
                // a token the provider's adapter cannot read will never be deleted: kept as a refusal, not asked again
                cards.markDeletionRefused(card.id(), notItsCard.getMessage(), clock.instant());
            } catch (RuntimeException e) {
                unanswered.add(card.provider());
                cards.markDeletionAsked(card.id(), clock.instant());
                log.warn("Could not delete saved card {} at {}; its cards there are asked again at the next pass: {}", card.id(),
                        card.provider(), e.toString());
            }
        }
    }
}
