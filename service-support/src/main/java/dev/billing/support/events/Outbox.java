package dev.billing.support.events;

import dev.billing.events.EventType;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an outgoing event in the caller's database transaction; {@link OutboxRelay} publishes it
 * after commit. If the transaction rolls back, the event never existed.
 */
public class Outbox {
    /** First half of the per-key advisory lock (the second is the key's hash), apart from other advisory locks. */
    private static final int KEY_LOCK_SPACE = 0x0B0C;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Supplier<String> traceparent;
    private final Runnable afterCommit;

    public Outbox(JdbcClient jdbc, Clock clock, Supplier<String> traceparent, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.traceparent = traceparent;
        this.afterCommit = afterCommit;
    }

    /**
     * Adds the event, keyed by {@code customerId}, to the current transaction; returns its id.
     * Transactions that add events of one key are serialised until commit, so that their rows' ids
     * (the relay's order) follow their commit order: otherwise a transaction that took an id first
     * and committed last would publish before one that committed earlier.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T extends Record> UUID add(EventType<T> type, UUID customerId, String subject, T payload) {
        String key = customerId.toString();
        jdbc.sql("select pg_advisory_xact_lock(:space, hashtext(:key))").param("space", KEY_LOCK_SPACE).param("key", key)
                .query((rs, n) -> 1).list();
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox_event (event_id, event_type, topic, message_key, subject, payload, occurred_at, traceparent)
                        values (:eventId, :type, :topic, :key, :subject, :payload, :occurredAt, :traceparent)
                        """)
                .param("eventId", eventId)
                .param("type", type.type())
                .param("topic", type.topic())
                .param("key", key)
                .param("subject", subject)
                .param("payload", EventJson.write(payload))
                .param("occurredAt", Timestamp.from(clock.instant()))
                .param("traceparent", traceparent.get())
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Outbox.this.afterCommit.run();
                }
            });
        }
        return eventId;
    }
}
