package dev.billing.notification.delivery;

import dev.billing.notification.panel.Notifications;

/**
 * Hands messages of one channel to one provider over its own protocol: SMTP for email, an SMS provider's HTTP API,
 * WhatsApp's Cloud API. {@link Dispatching} sends every queued message of the channel through it, with retries, a
 * circuit breaker and a rate limiter named after the provider.
 */
public interface Courier {

    /** EMAIL, SMS or WHATSAPP. */
    String channel();

    /** The provider's name: the circuit breaker's and rate limiter's, the metrics' tag and {@code notification.provider}. */
    String provider();

    /** The hand-offs per second the provider allows (its rate limit); the dispatcher keeps below it. */
    int ratePerSecond();

    /** A conversation with the provider for one batch of messages (one SMTP connection, say). */
    Session open();

    interface Session extends AutoCloseable {

        /**
         * Hands one message over and returns once the provider has accepted it, with the provider's id for it (which its
         * delivery reports name). Throws {@link Rejected} when the provider refuses this message for good, any other
         * exception when the attempt failed and may succeed later.
         */
        String deliver(Notifications.Notification message) throws Exception;

        /** The last hand-off failed: the conversation may be broken, the next message starts a new one (nothing to do for HTTP). */
        default void broken() {
        }

        /** Ends the conversation (nothing to do for HTTP, whose calls stand alone). */
        @Override
        default void close() {
        }
    }
}
