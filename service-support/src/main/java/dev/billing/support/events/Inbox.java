package dev.billing.support.events;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Ids of processed events, written in the same transaction as the effect of processing them. */
public class Inbox {
    private final JdbcClient jdbc;
    private final Clock clock;

    public Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the event as processed; false when it already was, and its effect must not repeat. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(String eventId, String eventType) {
        return jdbc.sql("""
                        insert into inbox_event (event_id, event_type, processed_at) values (:id, :type, :at)
                        on conflict (event_id) do nothing""")
                .param("id", eventId)
                .param("type", eventType)
                .param("at", Timestamp.from(clock.instant()))
                .update() == 1;
    }
}
