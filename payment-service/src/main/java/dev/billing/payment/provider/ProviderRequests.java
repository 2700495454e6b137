package dev.billing.payment.provider;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The refunds and charges sent to a provider that takes no idempotency key (iyzico, PayTR), by our key, so that one
 * asked for again after its answer was lost is known as a retry and looked up at the provider before it is sent again.
 * A provider's own records (iyzico's transaction report, PayTR's status query) may list what it just made only a
 * little later: a retry they do not list is sent again only once {@link #LISTING_DELAY} has passed since it was last
 * sent, and until then stays asked (the refund PENDING, the charge CHARGING), so that a lag of theirs never makes us
 * pay out or charge twice, however many answers are lost.
 */
@Component
public class ProviderRequests {
    /** How long after a sending a provider's records are taken to list what it made of it. */
    public static final Duration LISTING_DELAY = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final Clock clock;

    ProviderRequests(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records that the request under {@code key} is about to be sent to {@code provider}: empty when it is the first
     * sending; when it was sent before (this is a retry), when it was last sent.
     */
    public Optional<Instant> sentBefore(String provider, UUID key) {
        boolean first = jdbc.sql("insert into provider_request (provider, idempotency_key, last_sent_at) values (:provider, :key, :at)"
                        + " on conflict do nothing")
                .param("provider", provider).param("key", key).param("at", Timestamp.from(clock.instant())).update() == 1;
        if (first) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("select last_sent_at from provider_request where provider = :provider and idempotency_key = :key")
                .param("provider", provider).param("key", key).query(Timestamp.class).single().toInstant());
    }

    /**
     * Refuses to send a retry again that the provider's records do not list while they may not list it yet
     * ({@link NotListedYet}: it is asked again later); when it can be sent again, records that it is sent now.
     */
    public void resendingUnlisted(String provider, UUID key, Instant lastSent) {
        Instant now = clock.instant();
        Instant listedBy = lastSent.plus(LISTING_DELAY);
        if (now.isBefore(listedBy)) {
            throw new NotListedYet(provider + " does not list request " + key + " (last sent at " + lastSent
                    + ") yet; it is not sent again before " + listedBy + ", when " + provider + " lists what it made of it");
        }
        jdbc.sql("update provider_request set last_sent_at = :at where provider = :provider and idempotency_key = :key")
                .param("at", Timestamp.from(now)).param("provider", provider).param("key", key).update();
    }

    /** A retry not sent again yet: the provider answered what it was asked, so its circuit breaker counts no failure. */
    public static final class NotListedYet extends IllegalStateException {
        NotListedYet(String message) {
            super(message);
        }
    }
}
