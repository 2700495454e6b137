package dev.billing.support.events;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.Topics;
import dev.billing.support.web.ApiProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of this service's dead letters: the records on {@code <topic>.dlq} that one of
 * its consumer groups gave up on ({@link ConsumerFailures#GROUP_HEADER}). A replay hands the record
 * to that consumer again, in this process, so no other group sees it twice; the inbox makes a replay
 * of something already applied harmless. {@code dlq_records{topic,group}} counts those not yet replayed.
 */
@RestController
@RequestMapping("/api/dlq")
public class DeadLetters {
    private static final Pattern ID = Pattern.compile("(.+)-(\\d+)-(\\d+)");
    private static final Duration READ_WITHIN = Duration.ofSeconds(10);

    /** A consumer binding of this service: the function that handles {@code topic} for {@code group}. */
    public record Binding(String function, String topic, String group) {
    }

    public record DeadLetter(String id, String topic, String group, String eventId, String eventType, String key,
                             Instant deadAt, String exception, String reason, Instant replayedAt) {
    }

    public record Replayed(String id, Instant replayedAt) {
    }

    /** One dead letter whole: what {@link DeadLetter} says, plus the record's headers and value. */
    public record Inspected(DeadLetter letter, Map<String, String> headers, String value) {
    }

    private final List<Binding> bindings;
    private final Map<String, Object> consumerConfig;
    private final BeanFactory beans;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, AtomicLong> waiting = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ExecutorService counter = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dlq-count");
        thread.setDaemon(true);
        return thread;
    });

    public DeadLetters(List<Binding> bindings, Map<String, Object> consumerConfig, BeanFactory beans, JdbcClient jdbc,
                       Clock clock, MeterRegistry meters) {
        this.bindings = List.copyOf(bindings);
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.beans = beans;
        this.jdbc = jdbc;
        this.clock = clock;
        for (Binding binding : this.bindings) {
            AtomicLong count = waiting.computeIfAbsent(binding.topic() + "|" + binding.group(), k -> new AtomicLong());
            Gauge.builder("dlq.records", count, AtomicLong::get).description("dead letters of this consumer group not yet replayed")
                    .tag("topic", Topics.deadLetter(binding.topic())).tag("group", binding.group()).register(meters);
        }
    }

    @GetMapping
    public List<DeadLetter> list() {
        Map<String, Instant> replayed = replayed();
        List<DeadLetter> letters = new ArrayList<>();
        Map<String, Long> counts = new HashMap<>();
        for (String topic : bindings.stream().map(Binding::topic).distinct().toList()) {
            for (ConsumerRecord<byte[], byte[]> record : readAll(Topics.deadLetter(topic))) {
                String group = header(record, ConsumerFailures.GROUP_HEADER);
                if (binding(topic, group) == null) {
                    continue;
                }
                DeadLetter letter = describe(record, topic, group, replayed.get(replayKey(record)));
                letters.add(letter);
                if (letter.replayedAt() == null) {
                    counts.merge(topic + "|" + group, 1L, Long::sum);
                }
            }
        }
        waiting.forEach((key, count) -> count.set(counts.getOrDefault(key, 0L)));
        return letters;
    }

    /**
     * Keeps {@code dlq_records} current between operator visits, on a thread of its own: reading the
     * DLQ topics can take seconds and must not hold up the scheduled work of the service.
     */
    @Scheduled(fixedDelayString = "${dlq.count-interval:1m}", initialDelayString = "${dlq.count-interval:1m}")
    public void count() {
        if (counting.compareAndSet(false, true)) {
            counter.execute(() -> {
                try {
                    list();
                } catch (RuntimeException e) {
                    // Kafka away or the read incomplete: the gauges keep their last values
                } finally {
                    counting.set(false);
                }
            });
        }
    }

    @jakarta.annotation.PreDestroy
    void stopCounting() {
        counter.shutdownNow();
    }

    @GetMapping("/{id}")
    public Inspected inspect(@PathVariable String id) {
        ConsumerRecord<byte[], byte[]> record = find(id);
        Binding binding = bindingOf(record);
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return new Inspected(describe(record, binding.topic(), binding.group(), replayed().get(replayKey(record))), headers,
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }

    @PostMapping("/{id}/replay")
    public Replayed replay(@PathVariable String id) {
        ConsumerRecord<byte[], byte[]> record = find(id);
        Binding binding = bindingOf(record);
        @SuppressWarnings("unchecked")
        Consumer<Message<List<byte[]>>> consumer = (Consumer<Message<List<byte[]>>>) beans.getBean(binding.function());
        try {
            consumer.accept(batchOfOne(record));
        } catch (RuntimeException e) {
            throw ApiProblem.conflict("id", "replay of " + id + " failed again: " + ConsumerFailures.reason(e).getMessage());
        }
        Instant now = clock.instant();
        jdbc.sql("insert into dlq_replayed (dlq_record, replayed_at) values (:id, :at) on conflict (dlq_record) do update set replayed_at = :at")
                .param("id", replayKey(record)).param("at", Timestamp.from(now)).update();
        waiting.computeIfPresent(binding.topic() + "|" + binding.group(), (key, count) -> {
            count.updateAndGet(n -> Math.max(0, n - 1));
            return count;
        });
        return new Replayed(id, now);
    }

    /** The dead letter {@code id} names, if it belongs to one of this service's groups; else 400 or 404 (503 when Kafka does not answer). */
    private ConsumerRecord<byte[], byte[]> find(String id) {
        Matcher parts = ID.matcher(id);
        if (!parts.matches()) {
            throw ApiProblem.badRequest("id", "must be <dlq topic>-<partition>-<offset>");
        }
        TopicPartition partition;
        long offset;
        try {
            partition = new TopicPartition(parts.group(1), Integer.parseInt(parts.group(2)));
            offset = Long.parseLong(parts.group(3));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("id", "partition or offset out of range");
        }
        ConsumerRecord<byte[], byte[]> record = readOne(partition, offset);
        if (record == null || bindingOf(record) == null) {
            throw ApiProblem.notFound("id", "dead letter of this service", id);
        }
        return record;
    }

    private Binding bindingOf(ConsumerRecord<byte[], byte[]> record) {
        return binding(header(record, ConsumerFailures.ORIGINAL_TOPIC_HEADER), header(record, ConsumerFailures.GROUP_HEADER));
    }

    private Binding binding(String topic, String group) {
        return bindings.stream().filter(b -> b.topic().equals(topic) && b.group().equals(group)).findFirst().orElse(null);
    }

    private static String id(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "-" + record.offset();
    }

    /** What a replay is remembered by: the position and the event, since a wiped broker hands out the same offsets again. */
    private static String replayKey(ConsumerRecord<?, ?> record) {
        return id(record) + "/" + header(record, CloudEventHeaders.ID);
    }

    private static DeadLetter describe(ConsumerRecord<byte[], byte[]> record, String topic, String group, Instant replayedAt) {
        return new DeadLetter(id(record), topic, group, header(record, CloudEventHeaders.ID), header(record, CloudEventHeaders.TYPE),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), Instant.ofEpochMilli(record.timestamp()),
                header(record, ConsumerFailures.EXCEPTION_HEADER), header(record, ConsumerFailures.REASON_HEADER), replayedAt);
    }

    /** The record as the binder would have handed it over: payload and headers as bytes. */
    /** The record as the binder hands a poll's records to a batch consumer ({@link IncomingEvents}), a batch of one. */
    private static Message<List<byte[]>> batchOfOne(ConsumerRecord<byte[], byte[]> record) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("kafka_dlt-") && !header.key().startsWith("x-")) {
                headers.put(header.key(), header.value());
            }
        }
        return MessageBuilder.<List<byte[]>>withPayload(Collections.singletonList(record.value()))
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.of(headers)).build();
    }

    private Map<String, Instant> replayed() {
        Map<String, Instant> replayed = new HashMap<>();
        jdbc.sql("select dlq_record, replayed_at from dlq_replayed")
                .query(rs -> {
                    replayed.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        return replayed;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, READ_WITHIN);
            if (partitions == null || partitions.isEmpty()) {
                return records;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_WITHIN);
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            if (!reached(consumer, end)) {
                throw unavailable(topic);
            }
        } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            return records; // no dead letters yet: the topic does not exist
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unavailable(topic);
        }
        return records;
    }

    private static ApiProblem unavailable(String topic) {
        return new ApiProblem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable", null,
                topic + " could not be read in " + READ_WITHIN.toSeconds() + " s; try again");
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private ConsumerRecord<byte[], byte[]> readOne(TopicPartition partition, long offset) {
        if (bindings.stream().noneMatch(b -> Topics.deadLetter(b.topic()).equals(partition.topic()))) {
            return null;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(Set.of(partition));
            Long end = consumer.endOffsets(Set.of(partition), READ_WITHIN).get(partition);
            Long start = consumer.beginningOffsets(Set.of(partition), READ_WITHIN).get(partition);
            // beyond the end, or before the start (deleted by retention): no such record
            if (end == null || start == null || offset >= end || offset < start) {
                return null;
            }
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= offset) {
                        // past it: the offset was a compaction gap or a transaction marker
                        return record.offset() == offset ? record : null;
                    }
                }
            }
            // the offset exists but did not arrive in time: Kafka is slow or away, not the record missing
            throw unavailable(partition.topic());
        } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            return null;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unavailable(partition.topic());
        }
    }
}
