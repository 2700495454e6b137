package dev.billing.support.events;

import dev.billing.support.web.ApiProblem;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of outbox rows that Kafka refused for good ({@link OutboxRelay} set them
 * aside): list them, let the relay try one again (after the broker's limits changed), or discard it.
 */
@RestController
@RequestMapping("/api/outbox")
public class SetAsideEvents {
    private static final Logger log = LoggerFactory.getLogger(SetAsideEvents.class);
    private final JdbcClient jdbc;
    private final OutboxRelay relay;

    public SetAsideEvents(JdbcClient jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    public record SetAsideEvent(long id, String eventId, String eventType, String topic, String key, int payloadBytes,
                                Instant occurredAt, Instant setAsideAt, String reason) {
    }

    @GetMapping("/set-aside")
    public List<SetAsideEvent> list() {
        return jdbc.sql("""
                        select id, event_id, event_type, topic, message_key, octet_length(payload), occurred_at, set_aside_at, set_aside_reason
                        from outbox_event where set_aside_at is not null and published_at is null order by id limit 500""")
                .query((rs, n) -> new SetAsideEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9)))
                .list();
    }

    @PostMapping("/{id}/retry")
    public void retry(@PathVariable long id) {
        requireSetAside(id, jdbc.sql("update outbox_event set set_aside_at = null, set_aside_reason = null"
                + " where id = :id and set_aside_at is not null and published_at is null").param("id", id).update());
        relay.wake();
    }

    @PostMapping("/{id}/discard")
    public void discard(@PathVariable long id) {
        requireSetAside(id, jdbc.sql("delete from outbox_event where id = :id and set_aside_at is not null and published_at is null")
                .param("id", id).update());
        log.warn("Outbox row {} discarded by an operator; the events of its key behind it are released", id);
        relay.wake();
    }

    private static void requireSetAside(long id, int updated) {
        if (updated == 0) {
            throw ApiProblem.notFound("id", "set-aside outbox row", id);
        }
    }
}
