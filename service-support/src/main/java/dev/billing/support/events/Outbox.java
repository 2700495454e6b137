package dev.billing.support.events;

import dev.billing.events.EventType;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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
    private final Supplier<Actor> actor;
    private final Runnable afterCommit;

    public Outbox(JdbcClient jdbc, Clock clock, Supplier<String> traceparent, Supplier<Actor> actor, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.traceparent = traceparent;
        this.actor = actor;
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
        return addAll(type, List.of(new Entry<>(customerId, subject, payload, traceparent.get()))).get(0);
    }

    /** An event to add: its key (the customer), subject, data, and the trace it belongs to (null: none). */
    public record Entry<T extends Record>(UUID customerId, String subject, T payload, String traceparent) {
    }

    /**
     * {@link #add} for many events of one type in two statements: the keys are locked in one (in the
     * order of their lock numbers, so that two such calls cannot deadlock on each other), the rows
     * inserted in another, in list order. Returns the events' ids in that order. All of them record the
     * current {@link Actor}: who made the request that wrote them, or {@code system}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T extends Record> List<UUID> addAll(EventType<T> type, List<Entry<T>> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        String[] keys = entries.stream().map(e -> e.customerId().toString()).toArray(String[]::new);
        jdbc.sql("select pg_advisory_xact_lock(:space, h) from (select distinct hashtext(k) h from unnest(:keys::text[]) k order by h) s")
                .param("space", KEY_LOCK_SPACE).param("keys", keys)
                .query((rs, n) -> 1).list();
        List<UUID> ids = entries.stream().map(e -> UUID.randomUUID()).toList();
        Actor by = actor.get();
        jdbc.sql("""
                        insert into outbox_event (event_id, event_type, topic, message_key, subject, payload, occurred_at, traceparent,
                                                  actor, actor_name)
                        select e.id, :type, :topic, e.key, e.subject, e.payload, :occurredAt, e.traceparent, :actor, :actorName
                        from unnest(:ids::uuid[], :keys::text[], :subjects::text[], :payloads::text[], :traceparents::text[])
                            with ordinality as e(id, key, subject, payload, traceparent, n)
                        order by e.n""")
                .param("type", type.type())
                .param("topic", type.topic())
                .param("ids", ids.toArray(UUID[]::new))
                .param("keys", keys)
                .param("subjects", entries.stream().map(Entry::subject).toArray(String[]::new))
                .param("payloads", entries.stream().map(e -> EventJson.write(e.payload())).toArray(String[]::new))
                .param("traceparents", entries.stream().map(Entry::traceparent).toArray(String[]::new))
                .param("occurredAt", Timestamp.from(clock.instant()))
                .param("actor", by.id())
                .param("actorName", by.name())
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Outbox.this.afterCommit.run();
                }
            });
        }
        return ids;
    }

    /** The {@code traceparent} of the current span, for an {@link Entry} written in it. */
    public String currentTraceparent() {
        return traceparent.get();
    }
}
