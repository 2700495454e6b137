package dev.billing.support.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ids of processed events per consumer, written in the same transaction as the effect of processing
 * them. Rows are kept for {@code retention} (30 days by default), longer than any redelivery window
 * (a partition rewind, a DLQ replay), then deleted.
 */
public class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    /** The consumer of rows written before the inbox was per consumer: they count for every consumer. */
    private static final String ANY_CONSUMER = "*";
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;

    public Inbox(JdbcClient jdbc, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Records the events as processed by {@code consumer} in one statement; returns the ids that were
     * not yet, whose effect must happen now. An id twice in the list is returned once.
     * <p>
     * It opens a consumer's batch transaction, whose statements are then planned for their own arguments: a
     * plan PostgreSQL caches for a prepared statement after five runs is kept for the connection, and one made
     * while a table was nearly empty (a new database) scanned the whole table on every later batch (issuing's
     * look-up of request ids grew to 400 ms a batch within 20,000 invoices).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<String> firstDeliveries(String consumer, List<? extends ReceivedEvent<?>> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
        return new HashSet<>(jdbc.sql("""
                        insert into inbox_event (consumer, event_id, event_type, processed_at)
                        select :consumer, e.id, e.type, :at from unnest(:ids::text[], :types::text[]) as e(id, type)
                        where not exists (select 1 from inbox_event i where i.consumer = :any and i.event_id = e.id)
                        on conflict (consumer, event_id) do nothing
                        returning event_id""")
                .param("consumer", consumer)
                .param("any", ANY_CONSUMER)
                .param("ids", events.stream().map(ReceivedEvent::id).toArray(String[]::new))
                .param("types", events.stream().map(ReceivedEvent::type).toArray(String[]::new))
                .param("at", Timestamp.from(clock.instant()))
                .query(String.class).list());
    }

    /** Deletes rows older than the retention; returns how many. */
    @Scheduled(fixedDelayString = "${inbox.cleanup-interval:1h}")
    public int deleteExpired() {
        int deleted = jdbc.sql("delete from inbox_event where processed_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(retention)))
                .update();
        if (deleted > 0) {
            log.info("Deleted {} inbox rows older than {}", deleted, retention);
        }
        return deleted;
    }
}
