package dev.billing.support.testing;

import dev.billing.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A plain Kafka client for tests: sends raw events and reads what the service published. */
public final class KafkaProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public KafkaProbe(String bootstrapServers, String... topics) {
        this(bootstrapServers, Map.of(), topics);
    }

    /**
     * A probe whose fetches wait for 1 MB or 500 ms, whichever comes first: for a benchmark that takes its times from the
     * records' timestamps (set when they were sent), so that its own polling does not take the cores it measures
     * (fetching each record as it arrived, the payments benchmark's probe used about a fifth of a core).
     */
    public static KafkaProbe observing(String bootstrapServers, String... topics) {
        return new KafkaProbe(bootstrapServers, Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500), topics);
    }

    private KafkaProbe(String bootstrapServers, Map<String, Object> consumerSettings, String... topics) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        c.putAll(consumerSettings);
        createTopics(bootstrapServers, topics);
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(p);
    }

    /** Creates the topics unless they exist, so that a subscription sees records written later. */
    public static void createTopics(String bootstrapServers, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = java.util.Arrays.stream(topics).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 3, (short) 1)).toList();
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static KafkaProbe onEmbeddedBroker(String... topics) {
        return new KafkaProbe(EmbeddedInfrastructure.kafkaBootstrapServers(), topics);
    }

    /** Sends a CloudEvent in binary mode, as a service's outbox relay would. */
    public void send(String topic, String key, String eventId, String type, String json) {
        send(topic, key, eventId, type, json, Map.of());
    }

    /** Sends a CloudEvent in binary mode with more headers, e.g. those of a dead letter. */
    public void send(String topic, String key, String eventId, String type, String json, Map<String, String> extraHeaders) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        Map<String, String> headers = new HashMap<>(CloudEventHeaders.binaryMode(eventId, type, "/test", Instant.now(), null,
                "test", "test"));
        headers.putAll(extraHeaders);
        headers.forEach((n, v) -> record.headers().add(new RecordHeader(n, v.getBytes(StandardCharsets.UTF_8))));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One CloudEvent to send. */
    public record Event(String key, String eventId, String type, String json) {
    }

    /** Sends many CloudEvents pipelined (all sent, then all waited for), as a busy service's relay does. */
    public void sendAll(String topic, List<Event> events) {
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (Event event : events) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), event.json());
            CloudEventHeaders.binaryMode(event.eventId(), event.type(), "/test", Instant.now(), null, "test", "test")
                    .forEach((n, v) -> record.headers().add(new RecordHeader(n, v.getBytes(StandardCharsets.UTF_8))));
            sent.add(producer.send(record));
        }
        try {
            for (java.util.concurrent.Future<?> future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until records matching {@code filter} number at least {@code count}; returns all matching ones. Each record
     * is tested once per call: re-testing everything seen at every poll made a benchmark's probe, holding 200,000 records, use
     * about 40 % of a core of the machine it measured (JFR samples of its thread).
     */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> matching = new ArrayList<>(seen.stream().filter(filter).toList());
        while (matching.size() < count && System.nanoTime() <= deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(record);
                if (filter.test(record)) {
                    matching.add(record);
                }
            }
        }
        return List.copyOf(matching);
    }

    /** Everything seen so far, after polling for {@code quiet} more. */
    public List<ConsumerRecord<String, String>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    public static Predicate<ConsumerRecord<String, String>> ofType(String type) {
        return r -> type.equals(header(r, CloudEventHeaders.TYPE));
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> all = new HashMap<>();
        for (Header h : record.headers()) {
            all.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return all;
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
