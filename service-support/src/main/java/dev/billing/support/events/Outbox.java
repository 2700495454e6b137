package dev.billing.support.events;

import dev.billing.events.EventType;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an outgoing event in the caller's database transaction; {@link OutboxRelay} publishes it
 * after commit. If the transaction rolls back, the event never existed.
 */
public class Outbox {
    private final JdbcClient jdbc;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Adds the event, keyed by {@code customerId}, to the current transaction; returns its id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T extends Record> UUID add(EventType<T> type, UUID customerId, String subject, T payload) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox_event (event_id, event_type, topic, message_key, subject, payload, occurred_at)
                        values (:eventId, :type, :topic, :key, :subject, :payload, :occurredAt)
                        """)
                .param("eventId", eventId)
                .param("type", type.type())
                .param("topic", type.topic())
                .param("key", customerId.toString())
                .param("subject", subject)
                .param("payload", EventJson.write(payload))
                .param("occurredAt", Timestamp.from(clock.instant()))
                .update();
        return eventId;
    }
}
