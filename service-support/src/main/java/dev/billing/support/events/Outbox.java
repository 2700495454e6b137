package dev.billing.support.events;

import dev.billing.events.EventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
     * {@link #add} for many events of one type. All of them record the current {@link Actor}: who made the request
     * that wrote them, or {@code system}. Returns the events' ids in list order.
     * <p>
     * The events of a transaction are written just before it commits, all together, in two statements: their keys
     * locked in one (in the order of their lock numbers, so that two transactions cannot deadlock on them), the rows
     * inserted in another, in the order they were added. A consumer's batch that settles hundreds of invoices then
     * makes two round trips for its events instead of two for each, and holds the key locks only while it commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T extends Record> List<UUID> addAll(EventType<T> type, List<Entry<T>> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Actor by = actor.get();
        Instant at = clock.instant();
        List<Row> rows = entries.stream().map(e -> new Row(UUID.randomUUID(), type.type(), type.topic(), e.customerId().toString(),
                e.subject(), EventJson.write(e.payload()), at, e.traceparent(), by)).toList();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            transactionsRows().addAll(rows);
        } else {
            write(rows);
        }
        return rows.stream().map(Row::id).toList();
    }

    private record Row(UUID id, String type, String topic, String key, String subject, String payload, Instant occurredAt,
                       String traceparent, Actor by) {
    }

    /** The rows the current transaction added, written before it commits (bound to it, and to it alone while it is suspended). */
    @SuppressWarnings("unchecked")
    private List<Row> transactionsRows() {
        List<Row> rows = (List<Row>) TransactionSynchronizationManager.getResource(this);
        if (rows != null) {
            return rows;
        }
        List<Row> added = new ArrayList<>();
        TransactionSynchronizationManager.bindResource(this, added);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void suspend() {
                TransactionSynchronizationManager.unbindResource(Outbox.this);
            }

            @Override
            public void resume() {
                TransactionSynchronizationManager.bindResource(Outbox.this, added);
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                write(added);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
            }

            @Override
            public void afterCommit() {
                Outbox.this.afterCommit.run();
            }
        });
        return added;
    }

    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String[] keys = rows.stream().map(Row::key).toArray(String[]::new);
        jdbc.sql("select pg_advisory_xact_lock(:space, h) from (select distinct hashtext(k) h from unnest(:keys::text[]) k order by h) s")
                .param("space", KEY_LOCK_SPACE).param("keys", keys)
                .query((rs, n) -> 1).list();
        jdbc.sql("""
                        insert into outbox_event (event_id, event_type, topic, message_key, subject, payload, occurred_at, traceparent,
                                                  actor, actor_name)
                        select e.id, e.type, e.topic, e.key, e.subject, e.payload, e.occurred_at, e.traceparent, e.actor, e.actor_name
                        from unnest(:ids::uuid[], :types::text[], :topics::text[], :keys::text[], :subjects::text[], :payloads::text[],
                                    :occurredAts::timestamptz[], :traceparents::text[], :actors::text[], :actorNames::text[])
                            with ordinality as e(id, type, topic, key, subject, payload, occurred_at, traceparent, actor, actor_name, n)
                        order by e.n""")
                .param("ids", rows.stream().map(Row::id).toArray(UUID[]::new))
                .param("types", rows.stream().map(Row::type).toArray(String[]::new))
                .param("topics", rows.stream().map(Row::topic).toArray(String[]::new))
                .param("keys", keys)
                .param("subjects", rows.stream().map(Row::subject).toArray(String[]::new))
                .param("payloads", rows.stream().map(Row::payload).toArray(String[]::new))
                .param("occurredAts", rows.stream().map(r -> r.occurredAt().toString()).toArray(String[]::new))
                .param("traceparents", rows.stream().map(Row::traceparent).toArray(String[]::new))
                .param("actors", rows.stream().map(r -> r.by().id()).toArray(String[]::new))
                .param("actorNames", rows.stream().map(r -> r.by().name()).toArray(String[]::new))
                .update();
    }

    /** The {@code traceparent} of the current span, for an {@link Entry} written in it. */
    public String currentTraceparent() {
        return traceparent.get();
    }
}
