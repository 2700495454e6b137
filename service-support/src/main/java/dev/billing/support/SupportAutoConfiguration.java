package dev.billing.support;

import dev.billing.support.events.Actor;
import dev.billing.support.events.ConsumerFailures;
import dev.billing.support.events.DeadLetters;
import dev.billing.support.events.IncomingEvents;
import dev.billing.support.events.Inbox;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.OutboxRelay;
import dev.billing.support.events.SetAsideEvents;
import dev.billing.support.events.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import dev.billing.support.time.DueWork;
import dev.billing.support.time.PlatformClock;
import dev.billing.support.time.TestClock;
import dev.billing.support.time.TestClockController;
import dev.billing.support.time.TimeZones;
import dev.billing.support.web.JsonBodyLimit;
import dev.billing.support.web.ProblemResponses;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.time.Duration;
import javax.sql.DataSource;
import java.util.function.Consumer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.apache.kafka.clients.admin.NewTopic;
import dev.billing.events.Topics;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/** What every service gets by depending on service-support. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
@EnableScheduling
@EnableTransactionManagement
@Import({ProblemResponses.class, TestClockController.class})
public class SupportAutoConfiguration {

    @Bean
    PlatformClock platformClock() {
        return new PlatformClock(Clock.systemUTC());
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    /**
     * Producer for the outbox relay and the test clock: a copy of Boot's {@code kafkaProducerFactory}
     * (settings {@code spring.kafka.producer.*}: bounded blocking and delivery times, idempotent,
     * acks=all; client metrics) with String key and value, closed with this template; observation on,
     * so each publish is a producer span of the trace that wrote the event.
     */
    @Bean
    KafkaTemplate<String, String> eventKafkaTemplate(ProducerFactory<?, ?> kafkaProducerFactory) {
        KafkaTemplate<String, String> template = new KafkaTemplate<>(typed(kafkaProducerFactory), Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        template.setObservationEnabled(true);
        return template;
    }

    /** Forwards failed records to the DLQ as they came (bytes): a copy of Boot's producer factory, closed with this template. */
    @Bean
    KafkaTemplate<Object, Object> deadLetterKafkaTemplate(ProducerFactory<?, ?> kafkaProducerFactory) {
        return new KafkaTemplate<>(typed(kafkaProducerFactory), Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Boot's factory is typed by its configured serializers, which the templates above override. */
    @SuppressWarnings("unchecked")
    private static <K, V> ProducerFactory<K, V> typed(ProducerFactory<?, ?> factory) {
        return (ProducerFactory<K, V>) factory;
    }

    @Bean
    OutboxRelay outboxRelay(DataSource dataSource, KafkaTemplate<String, String> eventKafkaTemplate, TraceContext traceContext,
                            @Value("${spring.application.name}") String name, MeterRegistry meters,
                            @Value("${outbox.relay.interval:50ms}") Duration interval,
                            @Value("${outbox.relay.batch-size:500}") int batchSize,
                            @Value("${spring.kafka.producer.properties.delivery.timeout.ms:30000}") long deliveryTimeoutMillis) {
        return new OutboxRelay(dataSource, eventKafkaTemplate, traceContext, Clock.systemUTC(), "/" + name, meters, interval, batchSize,
                Duration.ofMillis(deliveryTimeoutMillis).plusSeconds(5));
    }

    @Bean
    TraceContext traceContext(Tracer tracer, Propagator propagator) {
        return new TraceContext(tracer, propagator);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, PlatformClock clock, TraceContext traceContext, OutboxRelay outboxRelay) {
        return new Outbox(jdbc, clock, traceContext::currentTraceparent, Actor::current, outboxRelay::wake);
    }

    @Bean
    SetAsideEvents setAsideEvents(JdbcClient jdbc, OutboxRelay outboxRelay) {
        return new SetAsideEvents(jdbc, outboxRelay);
    }

    @Bean
    TimeZones timeZones(JdbcClient jdbc) {
        return new TimeZones(jdbc);
    }

    @Bean
    Inbox inbox(JdbcClient jdbc, @Value("${inbox.retention:30d}") Duration retention) {
        // wall-clock time: retention is about redelivery windows, which the test clock does not shorten
        return new Inbox(jdbc, Clock.systemUTC(), retention);
    }

    @Bean
    IncomingEvents incomingEvents(Inbox inbox, TransactionTemplate transactions, MeterRegistry meters, TraceContext traceContext) {
        return new IncomingEvents(inbox, transactions, meters, traceContext);
    }

    @Bean
    TestClock platformTestClock(PlatformClock clock, KafkaTemplate<String, String> eventKafkaTemplate,
                                ObjectProvider<DueWork> dueWork, @Value("${spring.application.name}") String name,
                                Environment environment) {
        return new TestClock(clock, eventKafkaTemplate, () -> dueWork.orderedStream().toList(), "/" + name,
                environment.acceptsProfiles(Profiles.of(TestClock.PROFILE)));
    }

    /** The test clock's topic, compacted: its latest move (key {@code platform}) outlives the broker's retention. */
    @Bean
    NewTopic testClockTopic(@Value("${KAFKA_REPLICATION_FACTOR:1}") short replicationFactor) {
        return TopicBuilder.name(Topics.TEST_CLOCK).partitions(3).replicas(replicationFactor).compact().build();
    }

    /**
     * The event topics, created (or altered, {@code spring.kafka.admin.modify-topic-configs}) to keep their events
     * without a time limit: read models are rebuilt by reading a topic from its start. The documents topic only carries
     * PDFs to the emails that attach them (invoice-service keeps them): two weeks.
     */
    @Bean
    KafkaAdmin.NewTopics eventTopics(@Value("${KAFKA_REPLICATION_FACTOR:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topics.all().stream().filter(topic -> !topic.equals(Topics.TEST_CLOCK))
                .map(topic -> TopicBuilder.name(topic).partitions(3).replicas(replicationFactor)
                        .config("retention.ms", topic.equals(Topics.INVOICE_DOCUMENTS) ? String.valueOf(Duration.ofDays(14).toMillis()) : "-1")
                        .build())
                .toArray(NewTopic[]::new));
    }

    /** Binding {@code testClock-in-0}; every service lists {@code testClock} in its function definition. */
    @Bean
    Consumer<Message<byte[]>> testClock(TestClock platformTestClock) {
        return platformTestClock::onMessage;
    }

    @Bean
    FilterRegistrationBean<JsonBodyLimit> jsonBodyLimit(@Value("${MAX_JSON_BODY:1MB}") DataSize max) {
        FilterRegistrationBean<JsonBodyLimit> registration = new FilterRegistrationBean<>(new JsonBodyLimit(max));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    ConsumerFailures consumerFailures(KafkaTemplate<Object, Object> deadLetterKafkaTemplate, MeterRegistry meters,
                                      @Value("${consumer.retry.transient-for:30m}") Duration transientFor) {
        return new ConsumerFailures(deadLetterKafkaTemplate, transientFor, meters);
    }

    /** The service's consumer bindings with a group ({@code <function>-in-0}): their failures go to {@code <topic>.dlq}. */
    private static List<DeadLetters.Binding> groupedBindings(BindingServiceProperties streams) {
        return streams.getBindings().entrySet().stream()
                .filter(e -> e.getKey().endsWith("-in-0") && e.getValue().getGroup() != null && e.getValue().getDestination() != null)
                .map(e -> new DeadLetters.Binding(e.getKey().substring(0, e.getKey().length() - "-in-0".length()),
                        e.getValue().getDestination(), e.getValue().getGroup()))
                .toList();
    }

    /** The dead-letter topics this service writes, created at start-up (not left to the broker's auto-creation). */
    @Bean
    KafkaAdmin.NewTopics deadLetterTopics(BindingServiceProperties streams, @Value("${KAFKA_REPLICATION_FACTOR:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(groupedBindings(streams).stream().map(DeadLetters.Binding::topic).distinct()
                .map(topic -> TopicBuilder.name(Topics.deadLetter(topic)).partitions(3).replicas(replicationFactor).build())
                .toArray(NewTopic[]::new));
    }

    /** The dead letters of the service's grouped bindings, offered for replay. */
    @Bean
    DeadLetters deadLetters(BindingServiceProperties streams, KafkaProperties properties, BeanFactory beans, JdbcClient jdbc,
                            PlatformClock clock, MeterRegistry meters) {
        return new DeadLetters(groupedBindings(streams), properties.buildConsumerProperties(), beans, jdbc, clock, meters);
    }
}
