package dev.billing.support.events;

import dev.billing.events.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka in insertion order, at least once. One relay at a time
 * per database (advisory lock), so events of one key keep their order even with several instances;
 * a row is marked published only after the broker acknowledged it, so a crash between commit and
 * publish only delays the event.
 */
public class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x0B0C5E1AL;
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final String source;
    private final Counter published;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka, Clock clock,
                       String source, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.clock = clock;
        this.source = source;
        this.published = Counter.builder("outbox.published").description("events published from the outbox").register(meters);
        Gauge.builder("outbox.pending", this, OutboxRelay::pendingCount).description("events not yet published").register(meters);
    }

    private record Row(long id, String eventId, String type, String topic, String key, String subject, String payload,
                       Timestamp occurredAt) {
    }

    @Scheduled(fixedDelayString = "${outbox.relay.interval:50ms}")
    public void relayPending() {
        try {
            while (relayBatch() == BATCH) {
                // keep going while there is a backlog
            }
        } catch (RuntimeException e) {
            log.warn("Outbox relay failed, will retry: {}", e.toString());
        }
    }

    /** Publishes up to one batch; returns how many rows it published. */
    public int relayBatch() {
        Integer count = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:lock)").param("lock", RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!locked) {
                return 0;
            }
            List<Row> rows = jdbc.sql("""
                            select id, event_id, event_type, topic, message_key, subject, payload, occurred_at
                            from outbox_event where published_at is null order by id limit :batch""")
                    .param("batch", BATCH)
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            send(rows);
            jdbc.sql("update outbox_event set published_at = :now where id in (:ids)")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("ids", rows.stream().map(Row::id).toList())
                    .update();
            published.increment(rows.size());
            return rows.size();
        });
        return count == null ? 0 : count;
    }

    private void send(List<Row> rows) {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            Map<String, String> headers = CloudEventHeaders.binaryMode(row.eventId(), row.type(), source,
                    row.occurredAt().toInstant(), row.subject());
            headers.forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            acks.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch", e);
        }
    }

    /** Deletes published rows older than {@code retention}; the outbox is a queue, not an archive. */
    @Scheduled(fixedDelayString = "${outbox.cleanup.interval:1h}")
    public void deletePublished() {
        Duration retention = Duration.ofDays(7);
        jdbc.sql("delete from outbox_event where published_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(retention)))
                .update();
    }

    private double pendingCount() {
        try {
            return jdbc.sql("select count(*) from outbox_event where published_at is null").query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
