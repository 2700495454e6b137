package dev.billing.support.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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

    /** Records the event as processed by {@code consumer}; false when it already was, and its effect must not repeat. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId, String eventType) {
        return jdbc.sql("""
                        insert into inbox_event (consumer, event_id, event_type, processed_at)
                        select :consumer, :id, :type, :at
                        where not exists (select 1 from inbox_event where consumer = :any and event_id = :id)
                        on conflict (consumer, event_id) do nothing""")
                .param("consumer", consumer)
                .param("any", ANY_CONSUMER)
                .param("id", eventId)
                .param("type", eventType)
                .param("at", Timestamp.from(clock.instant()))
                .update() == 1;
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
