package dev.billing.support.events;

import java.time.Instant;

/** An event as a consumer receives it: the CloudEvents attributes and the typed data. */
public record ReceivedEvent<T>(String id, String type, String source, Instant time, String subject, T payload) {
}
