package dev.billing.support.events;

import java.time.Instant;

/**
 * An event as a consumer receives it: the CloudEvents attributes, the typed data, and the W3C
 * {@code traceparent} it arrived with (null without one), for work that is written down for it later
 * (an outbox row of a batch) so that it stays in that trace; its record key (the customer's id), and who
 * caused it ({@code ce_actor}, {@code ce_actorname}; {@code system} for an event that names no one).
 */
public record ReceivedEvent<T>(String id, String type, String source, Instant time, String subject, T payload,
                               String traceparent, String key, String actor, String actorName) {
}
