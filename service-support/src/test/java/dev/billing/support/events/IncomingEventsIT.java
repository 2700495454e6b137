package dev.billing.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventType;
import dev.billing.support.testing.EmbeddedInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch consumption on a real PostgreSQL, without Spring or Kafka around it: a batch as the binder
 * hands it over, one transaction for it, and the split that finds the one event that fails.
 */
class IncomingEventsIT {
    private static final EventType<Note> NOTE = new EventType<>("consume.note.v1", "consume.test", Note.class, "a test event");
    private static final EventType<Note> OTHER = new EventType<>("consume.other.v1", "consume.test", Note.class, "another");
    private static JdbcClient jdbc;
    private static CountingTransactions transactionManager;
    private IncomingEvents events;
    private final List<List<String>> batches = new ArrayList<>();

    record Note(String text) {
    }

    /** Counts commits: one per transaction that took effect. */
    static final class CountingTransactions extends DataSourceTransactionManager {
        final AtomicInteger commits = new AtomicInteger();

        CountingTransactions(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            super.doCommit(status);
            commits.incrementAndGet();
        }
    }

    @BeforeAll
    static void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(EmbeddedInfrastructure.database("support_consume"),
                "postgres", "postgres");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/support").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("create table if not exists applied (n bigserial primary key, text text not null)").update();
        transactionManager = new CountingTransactions(dataSource);
    }

    @BeforeEach
    void consumer() {
        jdbc.sql("truncate applied").update();
        transactionManager.commits.set(0);
        events = new IncomingEvents(new Inbox(jdbc, Clock.systemUTC(), Duration.ofDays(30)),
                new TransactionTemplate(transactionManager), new SimpleMeterRegistry(), TraceContext.NONE);
    }

    private java.util.function.Consumer<Message<List<byte[]>>> noting(String poison, RuntimeException failure) {
        return events.consumer("test-" + UUID.randomUUID())
                .onBatch(NOTE, received -> {
                    batches.add(received.stream().map(e -> e.payload().text()).toList());
                    for (ReceivedEvent<Note> event : received) {
                        if (event.payload().text().equals(poison)) {
                            throw failure;
                        }
                        jdbc.sql("insert into applied (text) values (:t)").param("t", event.payload().text()).update();
                    }
                })
                .on(OTHER, event -> jdbc.sql("insert into applied (text) values (:t)").param("t", event.payload().text()).update())
                .build();
    }

    private static List<String> applied() {
        return jdbc.sql("select text from applied order by n").query(String.class).list();
    }

    record Sent(String id, EventType<Note> type, String json) {
        static Sent note(String text) {
            return new Sent(UUID.randomUUID().toString(), NOTE, EventJson.write(new Note(text)));
        }
    }

    private static Message<List<byte[]>> batch(List<Sent> sent) {
        List<byte[]> payloads = sent.stream().map(s -> s.json().getBytes(StandardCharsets.UTF_8)).toList();
        List<Map<String, Object>> headers = sent.stream().<Map<String, Object>>map(s -> Map.of(
                CloudEventHeaders.ID, s.id().getBytes(StandardCharsets.UTF_8),
                CloudEventHeaders.TYPE, s.type().type().getBytes(StandardCharsets.UTF_8),
                CloudEventHeaders.TIME, "2027-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8))).toList();
        return MessageBuilder.withPayload(payloads).setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
    }

    private static List<Sent> notes(String... texts) {
        return java.util.Arrays.stream(texts).map(Sent::note).toList();
    }

    @Test
    void aBatchIsAppliedInOneTransactionAndItsEventsOfOneTypeReachTheBatchHandlerTogether() {
        noting(null, null).accept(batch(notes("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")));

        assertThat(applied()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertThat(batches).containsExactly(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        assertThat(transactionManager.commits).hasValue(1);
    }

    @Test
    void eventsKeepTheirOrderAcrossTypes() {
        List<Sent> sent = List.of(Sent.note("1"), Sent.note("2"), new Sent(UUID.randomUUID().toString(), OTHER,
                EventJson.write(new Note("3"))), Sent.note("4"));

        noting(null, null).accept(batch(sent));

        assertThat(applied()).containsExactly("1", "2", "3", "4");
        assertThat(batches).containsExactly(List.of("1", "2"), List.of("4"));
    }

    @Test
    void aFailingEventIsFoundBySplittingTheBatchTheEventsBeforeItAreAppliedAndItIsReportedByItsPlace() {
        List<Sent> sent = notes("0", "1", "2", "3", "4", "poison", "6", "7");

        assertThatThrownBy(() -> noting("poison", new IllegalStateException("cannot apply")).accept(batch(sent)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(5))
                .hasRootCauseMessage("cannot apply");

        // the events after it come again after the error handler has dealt with it
        assertThat(applied()).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void aFailingEventIsReportedByItsPlaceInThePollAlsoBehindEventsThisConsumerSkips() {
        EventType<Note> unhandled = new EventType<>("consume.unhandled.v1", "consume.test", Note.class, "not for this consumer");
        List<Sent> sent = List.of(Sent.note("0"), new Sent(UUID.randomUUID().toString(), unhandled, EventJson.write(new Note("x"))),
                Sent.note("2"), Sent.note("poison"));

        assertThatThrownBy(() -> noting("poison", new IllegalStateException("cannot apply")).accept(batch(sent)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(3));

        assertThat(applied()).containsExactly("0", "2");
    }

    @Test
    void aDeadlockIsSplitLikeAnyFailureSinceTheBatchItselfMayCauseIt() {
        List<Sent> sent = notes("0", "1", "locked", "3");

        assertThatThrownBy(() -> noting("locked", new CannotAcquireLockException("deadlock detected")).accept(batch(sent)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2));

        assertThat(applied()).containsExactly("0", "1");
    }

    @Test
    void anUnreachableDatabaseIsReportedAtTheFirstEventOfThePartThatMetItWithoutSplittingFurther() {
        List<String> attempts = new ArrayList<>();
        java.util.function.Consumer<Message<List<byte[]>>> consumer = events.consumer("test-" + UUID.randomUUID())
                .onBatch(NOTE, received -> {
                    List<String> texts = received.stream().map(e -> e.payload().text()).toList();
                    attempts.add(String.join(",", texts));
                    if (texts.contains("0") && texts.contains("7")) {
                        throw new IllegalStateException("the whole batch fails");
                    }
                    if (texts.contains("6")) {
                        throw new CannotGetJdbcConnectionException("database unreachable");
                    }
                    texts.forEach(t -> jdbc.sql("insert into applied (text) values (:t)").param("t", t).update());
                })
                .build();

        assertThatThrownBy(() -> consumer.accept(batch(notes("0", "1", "2", "3", "4", "5", "6", "7"))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(4));

        assertThat(attempts).containsExactly("0,1,2,3,4,5,6,7", "0,1,2,3", "4,5,6,7");
        assertThat(applied()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void anUnreadableEventEndsTheBatchAfterTheEventsBeforeItAreApplied() {
        List<Sent> sent = new ArrayList<>(notes("0", "1"));
        sent.add(new Sent(UUID.randomUUID().toString(), NOTE, "{not json"));
        sent.add(Sent.note("3"));

        assertThatThrownBy(() -> noting(null, null).accept(batch(sent)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2))
                .hasCauseInstanceOf(InvalidEventException.class);

        assertThat(applied()).containsExactly("0", "1");
    }

    @Test
    void aRedeliveredBatchAppliesOnlyWhatItDidNotApplyBeforeAndAnEventTwiceInABatchOnce() {
        java.util.function.Consumer<Message<List<byte[]>>> consumer = noting(null, null);
        List<Sent> first = notes("a", "b", "c");
        consumer.accept(batch(first));

        List<Sent> again = new ArrayList<>(first);
        Sent d = Sent.note("d");
        again.add(d);
        again.add(d);
        consumer.accept(batch(again));

        assertThat(applied()).containsExactly("a", "b", "c", "d");
        assertThat(batches).containsExactly(List.of("a", "b", "c"), List.of("d"));
    }
}
