package dev.billing.support.events;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventType;
import dev.billing.events.OptionalField;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Turns Kafka messages into typed events and hands each to its handler exactly once. A consumer takes
 * what one poll returned (binding property {@code consumer.batch-mode}, on by default) and applies
 * it in one transaction: the batch's event ids go into the inbox in one statement, the ones already
 * there are skipped, and the handlers' effects commit with them; only then is the batch acknowledged.
 * <ul>
 * <li>Events of one type that follow each other go to an {@link Builder#onBatch batch handler}
 * together, or one by one, in their order, to an {@link Builder#on event handler}: the order per key
 * (per partition) stays as it arrived.</li>
 * <li>When the transaction fails, the batch is split in halves, each applied in a transaction of its
 * own, until the one event that fails is found: the events before it are applied, it is reported to
 * the container's error handler ({@link ConsumerFailures}: retried, then the DLQ), and the rest are
 * delivered again after it. A database that cannot be reached at all is reported at once for the first
 * event of the part that failed, without splitting.</li>
 * <li>Types a consumer does not handle are skipped; an event it handles but cannot read is rejected as
 * {@link InvalidEventException} (the events before it are applied).</li>
 * </ul>
 */
public class IncomingEvents {
    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final TraceContext traces;

    public IncomingEvents(Inbox inbox, TransactionTemplate transactions, MeterRegistry meters, TraceContext traces) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.meters = meters;
        this.traces = traces;
    }

    public Builder consumer(String name) {
        return new Builder(name);
    }

    public final class Builder {
        private final String name;
        private final Map<String, Handler<?>> handlers = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Each event of the type on its own, in the trace it arrived with. */
        public <T extends Record> Builder on(EventType<T> type, Consumer<ReceivedEvent<T>> handler) {
            handlers.put(type.type(), new Handler<>(type, events -> events.forEach(event ->
                    traces.continueTrace(event.traceparent(), "consume " + type.type(), () -> handler.accept(event)))));
            return this;
        }

        /**
         * Events of the type that follow each other in a batch, all at once; what the handler writes for
         * an event carries that event's {@link ReceivedEvent#traceparent()}.
         */
        public <T extends Record> Builder onBatch(EventType<T> type, Consumer<List<ReceivedEvent<T>>> handler) {
            handlers.put(type.type(), new Handler<>(type, handler));
            return this;
        }

        public Consumer<Message<List<byte[]>>> build() {
            Map<String, Handler<?>> byType = Map.copyOf(handlers);
            return batch -> new Batch(name, byType).apply(batch);
        }
    }

    private record Handler<T extends Record>(EventType<T> type, Consumer<List<ReceivedEvent<T>>> effect) {

        @SuppressWarnings("unchecked")
        void apply(List<ReceivedEvent<?>> events) {
            effect.accept((List<ReceivedEvent<T>>) (List<?>) events);
        }
    }

    /** An event of the batch, at its place in what the poll returned. */
    private record Item(int index, Handler<?> handler, ReceivedEvent<?> event) {
    }

    private final class Batch {
        private final String consumer;
        private final Map<String, Handler<?>> byType;

        Batch(String consumer, Map<String, Handler<?>> byType) {
            this.consumer = consumer;
            this.byType = byType;
        }

        void apply(Message<List<byte[]>> batch) {
            List<Message<byte[]>> records = records(batch);
            meters.summary("events.batch.size", "consumer", consumer).record(records.size());
            List<Item> items = new ArrayList<>(records.size());
            InvalidEventException invalid = null;
            int invalidAt = -1;
            for (int i = 0; i < records.size() && invalid == null; i++) {
                try {
                    String type = header(records.get(i), CloudEventHeaders.TYPE);
                    if (type == null) {
                        throw new InvalidEventException("Message without " + CloudEventHeaders.TYPE + " header");
                    }
                    Handler<?> handler = byType.get(type);
                    if (handler != null) {
                        items.add(new Item(i, handler, read(records.get(i), handler.type())));
                    }
                } catch (InvalidEventException e) {
                    invalid = e;
                    invalidAt = i;
                }
            }
            applyInParts(items);
            if (invalid != null) {
                throw new BatchListenerFailedException(invalid.getMessage(), invalid, invalidAt);
            }
        }

        /** Applies the items in one transaction, or, when that fails, each half on its own until the failing item is found. */
        private void applyInParts(List<Item> items) {
            if (items.isEmpty()) {
                return;
            }
            try {
                transactions.executeWithoutResult(status -> applyTogether(items));
            } catch (RuntimeException e) {
                if (items.size() == 1 || ConsumerFailures.isUnreachable(e)) {
                    ReceivedEvent<?> first = items.get(0).event();
                    throw new BatchListenerFailedException("Event " + first.id() + " (" + first.type() + ") failed", e,
                            items.get(0).index());
                }
                int half = items.size() / 2;
                log.debug("A batch of {} events failed ({}); applying it in halves to find the event that fails", items.size(),
                        e.toString());
                applyInParts(items.subList(0, half));
                applyInParts(items.subList(half, items.size()));
                return;
            }
            items.forEach(item -> meters.counter("events.consumed", "consumer", consumer, "type", item.event().type()).increment());
        }

        private void applyTogether(List<Item> items) {
            Set<String> fresh = inbox.firstDeliveries(consumer, items.stream().map(Item::event).toList());
            List<ReceivedEvent<?>> run = new ArrayList<>();
            Handler<?> runHandler = null;
            for (Item item : items) {
                if (!fresh.remove(item.event().id())) {
                    log.debug("Skipping redelivered event {} ({})", item.event().id(), item.event().type());
                    continue;
                }
                if (item.handler() != runHandler && runHandler != null) {
                    runHandler.apply(run);
                    run = new ArrayList<>();
                }
                runHandler = item.handler();
                run.add(item.event());
            }
            if (runHandler != null) {
                runHandler.apply(run);
            }
        }
    }

    /**
     * The records of a batch message: the binder puts each record's headers, and its key, in lists beside the
     * payloads.
     */
    @SuppressWarnings("unchecked")
    static List<Message<byte[]>> records(Message<List<byte[]>> batch) {
        List<?> payloads = batch.getPayload();
        List<Map<String, Object>> headers = (List<Map<String, Object>>) batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        List<?> keys = batch.getHeaders().get(KafkaHeaders.RECEIVED_KEY) instanceof List<?> list ? list : null;
        List<Message<byte[]>> records = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i) instanceof byte[] bytes ? bytes : new byte[0];
            MessageBuilder<byte[]> record = MessageBuilder.withPayload(payload).copyHeaders(headers == null ? Map.of() : headers.get(i));
            if (keys != null && i < keys.size() && keys.get(i) != null) {
                record.setHeader(KafkaHeaders.RECEIVED_KEY, keys.get(i));
            }
            records.add(record.build());
        }
        return records;
    }

    /** Reads and checks one message as {@code type}; throws {@link InvalidEventException} when it is not one. */
    public static <T extends Record> ReceivedEvent<T> read(Message<byte[]> message, EventType<T> type) {
        String id = required(message, CloudEventHeaders.ID);
        String time = required(message, CloudEventHeaders.TIME);
        Instant occurred;
        try {
            occurred = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("Header " + CloudEventHeaders.TIME + " is not an instant: " + time);
        }
        T payload;
        try {
            payload = EventJson.mapper().readValue(message.getPayload(), type.payloadClass());
        } catch (DatabindException e) {
            String field = e.getPath().stream().map(ref -> ref.getPropertyName() != null ? ref.getPropertyName()
                    : "[" + ref.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("?");
            throw new InvalidEventException("Data of " + type.type() + " event " + id + ": field '" + field + "' "
                    + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new InvalidEventException("Data of " + type.type() + " event " + id + " is not readable JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (payload == null) {
            throw new InvalidEventException("Event " + id + " has no data");
        }
        checkRequired(payload, "");
        String actor = header(message, CloudEventHeaders.ACTOR);
        String actorName = header(message, CloudEventHeaders.ACTOR_NAME);
        return new ReceivedEvent<>(id, type.type(), header(message, CloudEventHeaders.SOURCE), occurred,
                header(message, CloudEventHeaders.SUBJECT), payload, header(message, TraceContext.HEADER),
                header(message, KafkaHeaders.RECEIVED_KEY),
                actor == null ? CloudEventHeaders.SYSTEM_ACTOR : actor, actorName == null ? (actor == null ? CloudEventHeaders.SYSTEM_ACTOR : actor) : actorName);
    }

    private static void checkRequired(Object value, String path) {
        if (!(value instanceof Record record)) {
            return;
        }
        for (Component component : COMPONENTS.get(record.getClass())) {
            Object field;
            try {
                field = component.accessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String fieldPath = path.isEmpty() ? component.name() : path + "." + component.name();
            if (field == null) {
                if (!component.optional()) {
                    throw new InvalidEventException("Required field '" + fieldPath + "' is missing");
                }
            } else if (field instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    if (item == null) {
                        throw new InvalidEventException("Field '" + fieldPath + "[" + i + "]' is null");
                    }
                    checkRequired(item, fieldPath + "[" + i++ + "]");
                }
            } else {
                checkRequired(field, fieldPath);
            }
        }
    }

    /** A record component as the check needs it, looked up once per record class rather than once per event. */
    private record Component(String name, Method accessor, boolean optional) {
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents())
                    .map(c -> new Component(c.getName(), c.getAccessor(), c.isAnnotationPresent(OptionalField.class))).toList();
        }
    };

    private static String required(Message<byte[]> message, String name) {
        String value = header(message, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("Message without " + name + " header");
        }
        return value;
    }

    static String header(Message<?> message, String name) {
        Object value = message.getHeaders().get(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
