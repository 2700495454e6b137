package dev.billing.support.events;

import dev.billing.events.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes committed outbox rows to Kafka in id order, at least once, on a thread of its own, so
 * that no other scheduled work can delay publishing and a Kafka stall delays nothing else.
 * <ul>
 * <li>One relay at a time per database: each pass holds a session advisory lock, so events of one key
 * keep their order even with several instances. No transaction is open while it waits for Kafka:
 * rows are read, sent, and then marked in short statements.</li>
 * <li>A row is marked published only after the broker acknowledged it, so a crash between commit
 * and publish only delays the event; rows acknowledged in a batch that partly failed are marked and
 * not sent again.</li>
 * <li>A row Kafka can never take (too large, invalid topic) is set aside with the reason; rows of
 * the same key behind it wait (order per key), rows of other keys keep flowing.</li>
 * <li>Commit order per key equals id order because {@link Outbox} serialises transactions per key.</li>
 * <li>It vacuums the outbox every {@link #VACUUM_EVERY} rows it published, so its reads stay short.</li>
 * </ul>
 */
public class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The relay's advisory lock; an operator (or a test) holding it stops every relay of the database. */
    public static final long RELAY_LOCK = 0x0B0C5E1AL;
    private static final Duration MAX_PAUSE_AFTER_FAILURE = Duration.ofSeconds(30);
    static final int VACUUM_EVERY = 10_000;
    /**
     * The keys held back by a set-aside row are found once per read, from the small set-aside index,
     * not once per candidate row: with thousands of rows pending, a per-row lookup made each read
     * scan the pending rows again (a billing run's relay fell seconds behind). Kafka keeps order per
     * topic, so a set-aside row holds back its key's later rows of its own topic only (a refused
     * document announcement does not stop the customer's invoice events).
     */
    private static final String NEXT_ROWS = """
            with held as materialized (
                select topic, message_key, min(id) as from_id from outbox_event
                where set_aside_at is not null and published_at is null group by topic, message_key)
            select id, event_id, event_type, topic, message_key, subject, payload, occurred_at, traceparent, actor, actor_name
            from outbox_event o
            where published_at is null and set_aside_at is null
              and not exists (select 1 from held h where h.topic = o.topic and h.message_key = o.message_key and h.from_id < o.id)
            order by id limit ?""";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final TraceContext traces;
    private final Clock clock;
    private final String source;
    private final Duration interval;
    private final int batchSize;
    private final Duration ackTimeout;
    private final Counter published;
    private final Counter setAside;
    private final Semaphore wakeUp = new Semaphore(0);
    /** Rows marked published since the last vacuum (passes may also run on a caller's thread: {@link #relayPending}). */
    private final AtomicInteger publishedSinceVacuum = new AtomicInteger();
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, KafkaTemplate<String, String> kafka, TraceContext traces, Clock clock, String source,
                       MeterRegistry meters, Duration interval, int batchSize, Duration ackTimeout) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.kafka = kafka;
        this.traces = traces;
        this.clock = clock;
        this.source = source;
        this.interval = interval;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
        this.published = Counter.builder("outbox.published").description("events published from the outbox").register(meters);
        this.setAside = Counter.builder("outbox.set.aside").description("events Kafka refused for good, set aside").register(meters);
        Gauge.builder("outbox.pending", this, r -> r.count("published_at is null and set_aside_at is null"))
                .description("events not yet published").register(meters);
        Gauge.builder("outbox.set.aside.waiting", this, r -> r.count("published_at is null and set_aside_at is not null"))
                .description("events set aside, waiting for an operator").register(meters);
    }

    private record Row(long id, String eventId, String type, String topic, String key, String subject, String payload,
                       Timestamp occurredAt, String traceparent, String actor, String actorName) {
        /** What order is kept per: the key within its topic (Kafka orders per topic partition). */
        String orderKey() {
            return topic + '\u0000' + key;
        }
    }

    /** Called after a transaction that added events commits: publish now rather than at the next tick. */
    public void wake() {
        wakeUp.release();
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread relay;
        synchronized (this) {
            running = false;
            relay = thread;
        }
        if (relay != null) {
            relay.interrupt();
            try {
                relay.join(ackTimeout.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration pause = interval;
        while (running) {
            boolean failed = false;
            try {
                relayPending();
                pause = interval;
            } catch (RuntimeException e) {
                failed = true;
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE_AFTER_FAILURE) > 0 ? MAX_PAUSE_AFTER_FAILURE : pause.multipliedBy(2);
                log.warn("Outbox relay failed, will retry in {}: {}", pause, e.toString());
            }
            try {
                if (failed) {
                    // after a failure the whole back-off is kept: commits meanwhile must not make the relay hammer a stalled Kafka
                    Thread.sleep(pause.toMillis());
                    wakeUp.drainPermits();
                } else if (wakeUp.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Publishes everything pending, batch after batch, unless another relay holds the lock; returns
     * how many rows it took (published or set aside).
     */
    public int relayPending() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!lock(connection, "select pg_try_advisory_lock(?)")) {
                return 0;
            }
            try {
                int total = 0;
                int count;
                do {
                    List<Row> rows = next(connection);
                    count = rows.size();
                    if (count > 0) {
                        publish(connection, rows);
                    }
                    total += count;
                } while (count == batchSize);
                return total;
            } finally {
                try {
                    lock(connection, "select pg_advisory_unlock(?)");
                } catch (SQLException e) {
                    // the session may still hold the lock: end it rather than give it back to the pool
                    connection.abort(Runnable::run);
                    throw e;
                }
            }
        } catch (SQLException e) {
            // a broken connection has lost its session, and the lock with it
            throw new IllegalStateException("Outbox database access failed", e);
        }
    }

    private static boolean lock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> next(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(NEXT_ROWS)) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getTimestamp(8), rs.getString(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        }
        return rows;
    }

    /** Sends the whole batch, then waits for every acknowledgement; marks what went out, sets aside what never can. */
    private void publish(Connection connection, List<Row> rows) throws SQLException {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        Set<String> blockedKeys = new HashSet<>();
        boolean stalled = false;
        for (Row row : rows) {
            if (stalled || blockedKeys.contains(row.orderKey())) {
                acks.add(null);
                continue;
            }
            CompletableFuture<?> ack = send(row);
            if (ack.isCompletedExceptionally()) {
                // an oversized record is refused at once: later rows of its key must not overtake it;
                // anything else refused at once (no metadata within max.block.ms) stalls the rest of the batch
                if (neverAccepted(rootCause(ack.handle((value, error) -> error).getNow(null)))) {
                    blockedKeys.add(row.orderKey());
                } else {
                    stalled = true;
                }
            }
            acks.add(ack);
        }
        List<Long> sent = new ArrayList<>();
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        RuntimeException transientFailure = null;
        for (int i = 0; i < rows.size(); i++) {
            CompletableFuture<?> ack = acks.get(i);
            if (ack == null) {
                continue;
            }
            Row row = rows.get(i);
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                sent.add(row.id());
            } catch (ExecutionException e) {
                Throwable cause = rootCause(e);
                if (neverAccepted(cause)) {
                    setAside(connection, row, cause);
                } else if (transientFailure == null) {
                    transientFailure = new IllegalStateException("Kafka did not acknowledge event " + row.eventId(), cause);
                }
            } catch (TimeoutException e) {
                if (transientFailure == null) {
                    transientFailure = new IllegalStateException("Kafka did not acknowledge within " + ackTimeout, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                transientFailure = new IllegalStateException("Interrupted while publishing", e);
                break;
            }
        }
        markPublished(connection, sent);
        if (transientFailure != null) {
            throw transientFailure;
        }
    }

    /**
     * Sent in a span of the trace that wrote the row, so the template's observation makes the producer
     * span its child and puts that span's {@code traceparent} on the record. The template throws what
     * the producer refuses at once (too large, no metadata in time): a failed acknowledgement here.
     */
    private CompletableFuture<?> send(Row row) {
        try {
            return traces.continueTrace(row.traceparent(), "outbox publish", () -> kafka.send(record(row)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ProducerRecord<String, String> record(Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
        Map<String, String> headers = CloudEventHeaders.binaryMode(row.eventId(), row.type(), source,
                row.occurredAt().toInstant(), row.subject(), row.actor(), row.actorName());
        headers.forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        if (row.traceparent() != null) {
            // the writer's context; an observing template replaces it with its producer span's
            record.headers().add(new RecordHeader(TraceContext.HEADER, row.traceparent().getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    private static boolean neverAccepted(Throwable cause) {
        // not SerializationException: with String values it can only mean a misconfigured producer, which must not set rows aside
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = (error instanceof ExecutionException || error instanceof java.util.concurrent.CompletionException)
                && error.getCause() != null ? error.getCause() : error;
        // KafkaTemplate wraps the producer's exception
        while (cause instanceof org.springframework.kafka.KafkaException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void markPublished(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox_event set published_at = ? where id = any(?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setArray(2, array);
            update.executeUpdate();
        }
        published.increment(ids.size());
        if (publishedSinceVacuum.addAndGet(ids.size()) >= VACUUM_EVERY) {
            publishedSinceVacuum.set(0);
            vacuum(connection);
        }
    }

    /**
     * A published row leaves a dead entry in the pending index until it is vacuumed, and every read of the next rows
     * walks those entries: in a billing run, before autovacuum came round (once a minute at most), each read of the
     * relay walked the entries of all rows published so far, 20 to 45 ms with 100,000 of them. So the relay vacuums
     * the table itself every {@link #VACUUM_EVERY} published rows, on its own connection (outside any transaction),
     * with {@code index_cleanup on} (PostgreSQL would otherwise skip the indexes while the dead rows are under 2 % of
     * the table, which a week of published rows makes them) and {@code skip_locked} (a vacuum already running, or a
     * lock taken by an operator, makes it skip this one rather than hold up publishing). A vacuum that fails, or that
     * PostgreSQL skips with a warning (no right to vacuum the table), is logged and the relay goes on.
     */
    private void vacuum(Connection connection) {
        try (Statement vacuum = connection.createStatement()) {
            vacuum.execute("vacuum (index_cleanup on, skip_locked) outbox_event");
            if (vacuum.getWarnings() != null) {
                log.warn("PostgreSQL did not vacuum outbox_event: {}", vacuum.getWarnings().getMessage());
            }
        } catch (SQLException e) {
            log.warn("Could not vacuum outbox_event (reads of pending rows get slower until autovacuum does): {}", e.toString());
        }
    }

    private void setAside(Connection connection, Row row, Throwable reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox_event set set_aside_at = ?, set_aside_reason = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, reason.toString());
            update.setLong(3, row.id());
            update.executeUpdate();
        }
        setAside.increment();
        log.error("Outbox event {} ({}, key {}) set aside, Kafka will never take it: {}; later events of the same key on this topic wait."
                + " See GET /api/outbox/set-aside", row.eventId(), row.type(), row.key(), reason.toString());
    }

    /** Deletes published rows older than a week; the outbox is a queue, not an archive. */
    @Scheduled(fixedDelayString = "${outbox.cleanup.interval:1h}")
    public void deletePublished() {
        jdbc.sql("delete from outbox_event where published_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(Duration.ofDays(7))))
                .update();
    }

    private double count(String condition) {
        try {
            return jdbc.sql("select count(*) from outbox_event where " + condition).query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
