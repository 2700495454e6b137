package dev.billing.payment.checkout;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.support.time.DueWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * No checkout is left OPEN on the word of a callback alone (Lago #1373, Invoice Ninja #6832): every checkout still
 * open {@code payment.reconcile-after} (5 min, platform time) after it began is asked about at its provider, and
 * what the provider decided is recorded as a callback would have ({@link CompletingCheckout}). Runs every
 * {@code payment.reconcile-interval} (1 min) and at once when the test clock moves.
 */
@Component
public class ReconcilingCheckouts implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(ReconcilingCheckouts.class);
    private static final int BATCH = 100;
    private final Checkouts checkouts;
    private final CompletingCheckout completing;
    private final Map<String, PaymentProvider> providers;
    private final Duration after;
    private final Clock clock;

    ReconcilingCheckouts(Checkouts checkouts, CompletingCheckout completing, List<PaymentProvider> providers,
                         @Value("${payment.reconcile-after:5m}") Duration after, Clock clock) {
        this.checkouts = checkouts;
        this.completing = completing;
        this.providers = providers.stream().collect(Collectors.toMap(PaymentProvider::name, p -> p));
        this.after = after;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${payment.reconcile-interval:1m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        for (Checkouts.Checkout checkout : checkouts.openSince(now.minus(after), BATCH)) {
            PaymentProvider provider = providers.get(checkout.provider());
            if (provider == null) {
                log.warn("Checkout {} is at provider {}, which is not configured here; it stays open", checkout.id(), checkout.provider());
                continue;
            }
            try {
                Optional<PaymentProvider.Outcome> outcome = provider.status(checkout.id());
                outcome.ifPresent(decided -> completing.complete(checkout.provider(), decided));
            } catch (RuntimeException e) {
                log.warn("Could not ask {} about checkout {}; asked again at the next pass: {}", checkout.provider(), checkout.id(), e.toString());
            }
        }
    }
}
