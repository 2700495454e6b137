package dev.billing.support.events;

import dev.billing.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What a consumer does when handling a message fails, in the listener container (not in binder
 * retries, which would hold the poll past {@code max.poll.interval.ms}). Batch consumers
 * ({@link IncomingEvents}) name the failing record with a {@code BatchListenerFailedException}: the
 * records before it are acknowledged and the rest are fetched again, with the failing one first, after
 * the back-off below; when its back-off is spent it goes to the DLQ and the consumer goes on after it.
 * <ul>
 * <li>a transient fault (database unreachable or restarting, deadlock, Kafka connection) is retried
 * with exponential back-off for as long as {@code consumer.retry.transient-for} (default 30 min),
 * so that an outage of minutes sends nothing to the DLQ;</li>
 * <li>an unreadable event ({@link InvalidEventException}) goes to {@code <topic>.dlq} at once;</li>
 * <li>anything else is retried for two minutes, then goes to the DLQ.</li>
 * </ul>
 * DLQ records keep the original record (key, value, headers) and add the failing consumer group
 * ({@value #GROUP_HEADER}), {@code x-original-topic}, {@code -partition}, {@code -offset},
 * {@code x-exception-fqcn} and {@code x-exception-message} (the contract in asyncapi.yaml).
 */
public class ConsumerFailures implements ListenerContainerWithDlqAndRetryCustomizer {
    public static final String GROUP_HEADER = "x-dlq-group";
    public static final String ORIGINAL_TOPIC_HEADER = "x-original-topic";
    public static final String EXCEPTION_HEADER = "x-exception-fqcn";
    public static final String REASON_HEADER = "x-exception-message";
    private final KafkaOperations<Object, Object> deadLetterTemplate;
    private final Duration transientFor;
    private final MeterRegistry meters;

    public ConsumerFailures(KafkaOperations<Object, Object> deadLetterTemplate, Duration transientFor, MeterRegistry meters) {
        this.deadLetterTemplate = deadLetterTemplate;
        this.transientFor = transientFor;
        this.meters = meters;
    }

    @Override
    public boolean retryAndDlqInBinding(String destination, String group) {
        return false;
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destination, String group,
                          BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver, BackOff backOff) {
        if (group == null || group.startsWith("anonymous.")) {
            return; // anonymous consumers (the test clock; the binder names them anonymous.<uuid>) read everything again on restart: no DLQ
        }
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        recoverer.setHeadersFunction((record, exception) -> {
            Throwable reason = reason(exception);
            RecordHeaders headers = new RecordHeaders();
            headers.add(header(GROUP_HEADER, group));
            headers.add(header(ORIGINAL_TOPIC_HEADER, record.topic()));
            headers.add(header("x-original-partition", Integer.toString(record.partition())));
            headers.add(header("x-original-offset", Long.toString(record.offset())));
            headers.add(header(EXCEPTION_HEADER, reason.getClass().getName()));
            headers.add(header(REASON_HEADER, String.valueOf(reason.getMessage())));
            return headers;
        });
        // the recoverer waits for the DLQ's acknowledgement and throws without it: only published records are counted
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            recoverer.accept(record, exception);
            meters.counter("dlq.published", "topic", record.topic(), "group", group).increment();
        }, otherFailures());
        handler.setBackOffFunction((record, exception) -> backOffFor(exception));
        handler.addNotRetryableExceptions(InvalidEventException.class);
        container.setCommonErrorHandler(handler);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The failure itself, not the container's and the binder's wrappers around it. */
    static Throwable reason(Throwable exception) {
        Throwable reason = exception;
        while ((reason instanceof org.springframework.kafka.listener.ListenerExecutionFailedException
                || reason instanceof org.springframework.kafka.listener.BatchListenerFailedException
                || reason instanceof org.springframework.messaging.MessagingException) && reason.getCause() != null) {
            reason = reason.getCause();
        }
        return reason;
    }

    BackOff backOffFor(Exception exception) {
        if (isTransient(exception)) {
            ExponentialBackOff longer = new ExponentialBackOff(500, 2.0);
            longer.setMaxInterval(Duration.ofSeconds(30).toMillis());
            longer.setMaxElapsedTime(transientFor.toMillis());
            return longer;
        }
        return null; // the handler's default: otherFailures()
    }

    /**
     * A failure of no known kind may still be a fault that passes (an outage seen through an exception
     * we do not recognise): it is retried for two minutes, from 0.5 s up to 10 s apart, before the DLQ.
     */
    static BackOff otherFailures() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(10).toMillis());
        backOff.setMaxElapsedTime(Duration.ofMinutes(2).toMillis());
        return backOff;
    }

    /** Faults that go away by themselves: the database or the network is down or busy for a while. */
    static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof PessimisticLockingFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && isTransientSqlState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database (or the broker) cannot be reached at all, or no connection to it is free in time: no part of a
     * batch can succeed now, so a batch consumer waits rather than splitting the batch to find a culprit, and a
     * request is answered 503 ({@code ProblemResponses}). A deadlock or a lack of resources may come from the batch
     * itself, and is split like any other failure.
     */
    public static boolean isUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLRecoverableException || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown, restart), 40 serialization/deadlock. */
    private static boolean isTransientSqlState(String state) {
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("40");
    }
}
