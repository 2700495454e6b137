package dev.billing.payment;

import dev.billing.payment.provider.ProviderRequests;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Requests to a provider whose answer was lost, in the payment tests. */
final class LostAnswers {
    private LostAnswers() {
    }

    /**
     * The request under {@code key} was last sent longer ago than {@link ProviderRequests#LISTING_DELAY}, by when the
     * provider's records list what it made of it (the time a real retry waits, passed without moving the test clock).
     */
    static void lastSentBeforeTheListingDelay(JdbcClient jdbc, String key) {
        int updated = jdbc.sql("update provider_request set last_sent_at = last_sent_at - (:delay * interval '1 second') - interval '1 second'"
                        + " where idempotency_key = :key")
                .param("delay", ProviderRequests.LISTING_DELAY.toSeconds()).param("key", UUID.fromString(key)).update();
        if (updated != 1) {
            throw new AssertionError("no request under " + key + " was sent to a provider");
        }
    }
}
