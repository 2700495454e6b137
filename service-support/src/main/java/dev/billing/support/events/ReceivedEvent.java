package dev.billing.support.events;

import java.time.Instant;

/**
 * An event as a consumer receives it: the CloudEvents attributes, the typed data, and the W3C
 * {@code traceparent} it arrived with (null without one), for work that is written down for it later
 * (an outbox row of a batch) so that it stays in that trace.
 */
public record ReceivedEvent<T>(String id, String type, String source, Instant time, String subject, T payload,
                               String traceparent) {
}
