package dev.billing.payment.automatic;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.Providers;
import dev.billing.support.time.DueWork;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A saved card that is no longer charged (removed by the customer, replaced by a newer one, blocked after a hard
 * decline) is deleted at its provider too ({@link PaymentProvider#deleteSavedCard}): the provider keeps no
 * authorisation nobody uses. Ending the card and this call are apart on purpose: the customer's removal never waits
 * for the provider, and a provider that cannot be reached is asked again at the next pass until it answers. A refusal
 * is kept with the provider's reason and not asked again. Runs every {@code payment.reconcile-interval} (1 min) and at
 * once when the test clock moves.
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
        for (SavedCards.Card card : cards.toDeleteAtProvider(providers.names(), BATCH)) {
            PaymentProvider provider = providers.get(card.provider());
            try {
                PaymentProvider.CardDeletion deletion = providers.call(card.provider(), () -> provider.deleteSavedCard(card.token()));
                if (deletion.deleted()) {
                    cards.deletedAtProvider(card.id(), now);
                } else {
                    log.warn("{} refused to delete saved card {}: {}", card.provider(), card.id(), deletion.refusal());
                    cards.providerRefusedDeletion(card.id(), deletion.refusal());
                }
            } catch (RuntimeException e) {
                log.warn("Could not delete saved card {} at {}; asked again at the next pass: {}", card.id(), card.provider(), e.toString());
            }
        }
    }
}
