package dev.billing.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventType;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.KafkaProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay against a real PostgreSQL and a real Kafka broker, without Spring around it. */
class OutboxRelayIT {
    private static final String TOPIC = "relay.test";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final EventType<Note> NOTE = new EventType<>("relay.note.v1", TOPIC, Note.class, "a test event");
    private static DriverManagerDataSource dataSource;
    private static JdbcClient jdbc;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private KafkaProbe kafka;

    record Note(String text) {
    }

    @BeforeAll
    static void database() {
        String url = EmbeddedInfrastructure.database("support_relay");
        dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/support").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        KafkaProbe.createTopics(EmbeddedInfrastructure.kafkaBootstrapServers(), TOPIC);
    }

    @BeforeEach
    void probe() {
        jdbc.sql("delete from outbox_event").update();
        kafka = new KafkaProbe(EmbeddedInfrastructure.kafkaBootstrapServers(), TOPIC);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private OutboxRelay relay(String bootstrapServers) {
        KafkaTemplate<String, String> producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer()));
        return new OutboxRelay(dataSource, producer, TraceContext.NONE, Clock.systemUTC(), "/relay-test", meters, Duration.ofMillis(50), 500,
                Duration.ofSeconds(10));
    }

    private long row(String key, String payload) {
        return row(TOPIC, key, payload);
    }

    private long row(String topic, String key, String payload) {
        return jdbc.sql("""
                        insert into outbox_event (event_id, event_type, topic, message_key, payload, occurred_at)
                        values (:eventId, :type, :topic, :key, :payload, :at) returning id""")
                .param("eventId", UUID.randomUUID()).param("type", NOTE.type()).param("topic", topic).param("key", key)
                .param("payload", payload).param("at", Timestamp.from(Instant.now()))
                .query(Long.class).single();
    }

    private List<String> publishedPayloads(String key, int count) {
        return kafka.await(r -> r.key().equals(key), count, Duration.ofSeconds(15)).stream().map(ConsumerRecord::value).toList();
    }

    private long vacuums() {
        return jdbc.sql("select vacuum_count from pg_stat_user_tables where relname = 'outbox_event'").query(Long.class).single();
    }

    @Test
    void aRelayVacuumsTheOutboxAfterPublishingVacuumEveryRowsSoItsReadsDoNotWalkTheirDeadEntries() {
        long before = vacuums();
        jdbc.sql("""
                        insert into outbox_event (event_id, event_type, topic, message_key, payload, occurred_at)
                        select gen_random_uuid(), :type, :topic, 'k' || (g % 100), '{"text":"n' || g || '"}', now()
                        from generate_series(1, :count) g""")
                .param("type", NOTE.type()).param("topic", TOPIC).param("count", OutboxRelay.VACUUM_EVERY).update();

        assertThat(relay(EmbeddedInfrastructure.kafkaBootstrapServers()).relayPending()).isEqualTo(OutboxRelay.VACUUM_EVERY);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(vacuums()).isGreaterThan(before));
        assertThat(jdbc.sql("select count(*) from outbox_event where published_at is null").query(Long.class).single()).isZero();
    }

    @Test
    void aRecordKafkaRefusesIsSetAsideWhileOtherKeysFlowAndItsOwnKeyWaits() {
        String blocked = "customer-" + UUID.randomUUID();
        String other = "customer-" + UUID.randomUUID();
        long tooLarge = row(blocked, "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        row(blocked, "\"behind the large one\"");
        row(other, "\"other customer\"");
        OutboxRelay relay = relay(EmbeddedInfrastructure.kafkaBootstrapServers());

        assertThat(relay.relayPending()).isEqualTo(3);

        assertThat(publishedPayloads(other, 1)).containsExactly("\"other customer\"");
        assertThat(jdbc.sql("select set_aside_reason from outbox_event where id = :id").param("id", tooLarge).query(String.class).single())
                .contains("RecordTooLargeException");
        assertThat(meters.get("outbox.set.aside").counter().count()).isEqualTo(1);
        assertThat(meters.get("outbox.set.aside.waiting").gauge().value()).isEqualTo(1);
        assertThat(relay.relayPending()).isZero();
        assertThat(kafka.drain(Duration.ofSeconds(1))).noneMatch(r -> r.key().equals(blocked));

        // the operator discards the row: what waited behind it goes out, what went out before is not sent again
        new SetAsideEvents(jdbc, relay).discard(tooLarge);
        assertThat(relay.relayPending()).isEqualTo(1);
        assertThat(publishedPayloads(blocked, 1)).containsExactly("\"behind the large one\"");
        assertThat(kafka.drain(Duration.ofSeconds(1)).stream().filter(r -> r.key().equals(other))).hasSize(1);
    }

    @Test
    void aSetAsideRecordHoldsBackItsKeyOnItsOwnTopicOnlyForKafkaKeepsOrderPerTopic() {
        String otherTopic = TOPIC + ".other";
        KafkaProbe.createTopics(EmbeddedInfrastructure.kafkaBootstrapServers(), otherTopic);
        String key = "customer-" + UUID.randomUUID();
        long tooLarge = row(key, "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        long sameTopic = row(key, "\"behind the large one\"");
        long elsewhere = row(otherTopic, key, "\"on another topic\"");
        OutboxRelay relay = relay(EmbeddedInfrastructure.kafkaBootstrapServers());

        relay.relayPending();

        assertThat(jdbc.sql("select set_aside_at is not null from outbox_event where id = :id").param("id", tooLarge).query(Boolean.class)
                .single()).isTrue();
        assertThat(jdbc.sql("select published_at is null from outbox_event where id = :id").param("id", sameTopic).query(Boolean.class)
                .single()).as("waits behind the set-aside row").isTrue();
        assertThat(jdbc.sql("select published_at is not null from outbox_event where id = :id").param("id", elsewhere).query(Boolean.class)
                .single()).as("another topic's order is not the set-aside row's").isTrue();
        new SetAsideEvents(jdbc, relay).discard(tooLarge);
        relay.relayPending();
    }

    @Test
    void aStartedRelayPublishesOnItsOwnThreadWhenACommitWakesItWithTheWritersTraceContext() {
        OutboxRelay relay = new OutboxRelay(dataSource, new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())), TraceContext.NONE, Clock.systemUTC(), "/relay-test", meters,
                Duration.ofHours(1), 500, Duration.ofSeconds(10));
        relay.start();
        try {
            UUID customer = UUID.randomUUID();
            Outbox outbox = new Outbox(jdbc, Clock.systemUTC(), () -> TRACEPARENT, () -> new Actor("crm", "CRM sync"), relay::wake);
            new TransactionTemplate(new DataSourceTransactionManager(dataSource))
                    .executeWithoutResult(status -> outbox.add(NOTE, customer, null, new Note("woken")));

            // the tick is an hour: only the wake-up after commit can have published it
            List<ConsumerRecord<String, String>> published = kafka.await(r -> r.key().equals(customer.toString()), 1, Duration.ofSeconds(15));
            assertThat(published).extracting(ConsumerRecord::value).containsExactly("{\"text\":\"woken\"}");
            // and with the trace context of the transaction that wrote it
            assertThat(KafkaProbe.header(published.get(0), TraceContext.HEADER)).isEqualTo(TRACEPARENT);
            // and naming who caused it
            assertThat(KafkaProbe.header(published.get(0), "ce_actor")).isEqualTo("crm");
            assertThat(KafkaProbe.header(published.get(0), "ce_actorname")).isEqualTo("CRM sync");
        } finally {
            relay.stop();
        }
    }

    @Test
    void aKafkaStallHoldsNoTransactionOpenAndLeavesTheRowsPending() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        row(key, "\"one\"");
        row(key, "\"two\"");
        OutboxRelay relay = relay("127.0.0.1:" + freePort());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread publishing = new Thread(() -> {
            try {
                relay.relayPending();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        ConcurrentLinkedQueue<String> states = new ConcurrentLinkedQueue<>();
        publishing.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            states.addAll(jdbc.sql("select state from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
                    + " and state is not null").query(String.class).list());
            return !publishing.isAlive();
        });

        assertThat(states).doesNotContain("idle in transaction");
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :k and published_at is null")
                .param("k", key).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void eventsOfOneKeyArePublishedInTheOrderTheirTransactionsCommitted() throws Exception {
        UUID customer = UUID.randomUUID();
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Outbox outbox = new Outbox(jdbc, Clock.systemUTC(), () -> null, () -> Actor.SYSTEM, () -> { });
        ConcurrentLinkedQueue<UUID> commitOrder = new ConcurrentLinkedQueue<>();
        CountDownLatch firstAdded = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        // each records itself just before its commit: after the commit the other may already have committed and
        // recorded itself, and the order recorded would not be the order of the commits
        Thread first = new Thread(() -> transactions.executeWithoutResult(status -> {
            recordBeforeCommit(commitOrder, outbox.add(NOTE, customer, null, new Note("first to take an id")));
            firstAdded.countDown();
            awaitLatch(firstMayCommit);
        }));
        Thread second = new Thread(() -> transactions.executeWithoutResult(status ->
                recordBeforeCommit(commitOrder, outbox.add(NOTE, customer, null, new Note("second to take an id")))));
        first.start();
        awaitLatch(firstAdded);
        second.start();
        // the second either commits at once or waits for the first: both orders are fine, as long as publishing follows them
        await().atMost(Duration.ofSeconds(10)).until(() -> !second.isAlive() || jdbc.sql(
                "select count(*) from pg_locks where locktype = 'advisory' and not granted").query(Long.class).single() > 0);
        firstMayCommit.countDown();
        first.join();
        second.join();

        relay(EmbeddedInfrastructure.kafkaBootstrapServers()).relayPending();

        List<String> published = kafka.await(r -> r.key().equals(customer.toString()), 2, Duration.ofSeconds(15)).stream()
                .map(r -> KafkaProbe.header(r, CloudEventHeaders.ID)).toList();
        assertThat(published).containsExactlyElementsOf(commitOrder.stream().map(UUID::toString).toList());
    }

    private static void recordBeforeCommit(ConcurrentLinkedQueue<UUID> order, UUID id) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                order.add(id);
            }
        });
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
