package dev.billing.reporting.activity;

import dev.billing.support.events.EventJson;
import dev.billing.support.events.ReceivedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The activity log (plain SQL: one multi-row insert per batch, a filtered, paged read). An event is recorded
 * once, under its CloudEvents id, whatever redelivers it; a rebuild from the topics writes the same rows.
 */
@Repository
public class ActivityLog {
    private final JdbcClient jdbc;

    ActivityLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One entry: the event, its customer (the record key), who caused it, when, and its data. */
    public record Entry(String eventId, String type, String source, UUID customerId, String subject, String actor,
                        String actorName, Instant occurredAt, JsonNode data) {
    }

    /** Filters of {@link #page}; null means any. */
    public record Query(UUID customerId, String actor, Instant from, Instant to, int page, int size) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(List<? extends ReceivedEvent<? extends Record>> events) {
        jdbc.sql("""
                        insert into activity (event_id, event_type, source, customer_id, subject, actor, actor_name, occurred_at, data)
                        select e.id, e.type, e.source, e.customer, e.subject, e.actor, e.actor_name, e.occurred_at, e.data::jsonb
                        from unnest(:ids::text[], :types::text[], :sources::text[], :customers::uuid[], :subjects::text[],
                                    :actors::text[], :actorNames::text[], :times::timestamptz[], :data::text[])
                            as e(id, type, source, customer, subject, actor, actor_name, occurred_at, data)
                        on conflict (event_id) do nothing""")
                .param("ids", events.stream().map(ReceivedEvent::id).toArray(String[]::new))
                .param("types", events.stream().map(ReceivedEvent::type).toArray(String[]::new))
                .param("sources", events.stream().map(e -> e.source() == null ? "" : e.source()).toArray(String[]::new))
                .param("customers", events.stream().map(e -> customerOf(e.key())).toArray(UUID[]::new))
                .param("subjects", events.stream().map(ReceivedEvent::subject).toArray(String[]::new))
                .param("actors", events.stream().map(ReceivedEvent::actor).toArray(String[]::new))
                .param("actorNames", events.stream().map(ReceivedEvent::actorName).toArray(String[]::new))
                .param("times", events.stream().map(e -> e.time().toString()).toArray(String[]::new))
                .param("data", events.stream().map(e -> EventJson.write(e.payload())).toArray(String[]::new))
                .update();
    }

    public List<Entry> page(Query query) {
        StringBuilder sql = new StringBuilder("select * from activity where true");
        List<Object> params = new ArrayList<>();
        where(query, sql, params);
        sql.append(" order by occurred_at, event_id limit ? offset ?");
        params.add(query.size());
        params.add((long) query.page() * query.size());
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Entry(rs.getString("event_id"), rs.getString("event_type"),
                rs.getString("source"), rs.getObject("customer_id", UUID.class), rs.getString("subject"), rs.getString("actor"),
                rs.getString("actor_name"), rs.getTimestamp("occurred_at").toInstant(),
                EventJson.mapper().readTree(rs.getString("data")))).list();
    }

    public long count(Query query) {
        StringBuilder sql = new StringBuilder("select count(*) from activity where true");
        List<Object> params = new ArrayList<>();
        where(query, sql, params);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    private static void where(Query query, StringBuilder sql, List<Object> params) {
        if (query.customerId() != null) {
            sql.append(" and customer_id = ?");
            params.add(query.customerId());
        }
        if (query.actor() != null) {
            sql.append(" and actor = ?");
            params.add(query.actor());
        }
        if (query.from() != null) {
            sql.append(" and occurred_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and occurred_at < ?");
            params.add(Timestamp.from(query.to()));
        }
    }

    /** The record key is the customer's id; a key that is not one (the test clock's {@code platform}) has no customer. */
    private static UUID customerOf(String key) {
        try {
            return key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException notACustomer) {
            return null;
        }
    }
}
