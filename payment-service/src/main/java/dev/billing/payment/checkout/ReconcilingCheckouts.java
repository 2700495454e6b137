package dev.billing.payment.checkout;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.Providers;
import dev.billing.support.time.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * No checkout is left OPEN on the word of a callback alone (Lago #1373, Invoice Ninja #6832): every checkout still
 * open {@code payment.reconcile-after} (5 min, platform time) after it began is asked about at its provider, and
 * what the provider decided is recorded as a callback would have ({@link CompletingCheckout}); one the provider still
 * knows no payment of {@code payment.abandon-after} (2 h) after it began is FAILED as abandoned (a late callback then
 * changes nothing: a person looks at the provider's report). Runs every {@code payment.reconcile-interval} (1 min)
 * and at once when the test clock moves.
 */
@Component
public class ReconcilingCheckouts implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(ReconcilingCheckouts.class);
    private static final int BATCH = 100;
    private final Checkouts checkouts;
    private final CompletingCheckout completing;
    private final Providers providers;
    private final Duration after;
    private final Duration abandonAfter;
    private final Clock clock;

    ReconcilingCheckouts(Checkouts checkouts, CompletingCheckout completing, Providers providers,
                         @Value("${payment.reconcile-after:5m}") Duration after, @Value("${payment.abandon-after:2h}") Duration abandonAfter,
                         Clock clock) {
        this.checkouts = checkouts;
        this.completing = completing;
        this.providers = providers;
        this.after = after;
        this.abandonAfter = abandonAfter;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${payment.reconcile-interval:1m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    /** Asks about every checkout due, page by page, each once per pass (10,000 lost callbacks must not wait 100 passes). */
    @Override
    public synchronized void runDueWork(Instant now) {
        List<Checkouts.Checkout> page;
        do {
            page = checkouts.openSince(now.minus(after), now, BATCH);
            page.forEach(checkout -> reconcile(checkout, now));
        } while (page.size() == BATCH);
    }

    private void reconcile(Checkouts.Checkout checkout, Instant now) {
        // asked, whatever comes of it: the next page of this pass goes on after it
        checkouts.asked(checkout.id(), now);
        Optional<PaymentProvider> provider = providers.find(checkout.provider());
        if (provider.isEmpty()) {
            log.warn("Checkout {} is at provider {}, which is not configured here; it stays open", checkout.id(), checkout.provider());
            return;
        }
        try {
            Optional<PaymentProvider.Outcome> outcome = providers.call(checkout.provider(), () -> provider.get().status(checkout.id()));
            if (outcome.isPresent()) {
                completing.complete(checkout.provider(), outcome.get());
            } else if (checkout.createdAt().isBefore(now.minus(abandonAfter))) {
                completing.complete(checkout.provider(), PaymentProvider.Outcome.declined(checkout.id(), null,
                        "abandoned: " + checkout.provider() + " knows no payment of it " + abandonAfter.toMinutes() + " minutes after it began"));
            }
        } catch (RuntimeException e) {
            log.warn("Could not ask {} about checkout {}; asked again at the next pass: {}", checkout.provider(), checkout.id(), e.toString());
        }
    }
}
