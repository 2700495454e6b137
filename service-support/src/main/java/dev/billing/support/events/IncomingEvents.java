package dev.billing.support.events;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventType;
import dev.billing.events.OptionalField;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Turns Kafka messages into typed events and hands each to its handler exactly once: the event id
 * goes into the inbox in the same transaction as the handler's effect. Types a consumer does not
 * handle are skipped; an event it handles but cannot read is rejected as {@link InvalidEventException}.
 */
public class IncomingEvents {
    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    public IncomingEvents(Inbox inbox, TransactionTemplate transactions, MeterRegistry meters) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.meters = meters;
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

        public <T extends Record> Builder on(EventType<T> type, Consumer<ReceivedEvent<T>> handler) {
            handlers.put(type.type(), new Handler<>(name, type, handler));
            return this;
        }

        public Consumer<Message<byte[]>> build() {
            Map<String, Handler<?>> byType = Map.copyOf(handlers);
            return message -> {
                String type = header(message, CloudEventHeaders.TYPE);
                Handler<?> handler = type == null ? null : byType.get(type);
                if (handler == null) {
                    if (type == null) {
                        throw new InvalidEventException("Message without " + CloudEventHeaders.TYPE + " header");
                    }
                    return;
                }
                handler.handle(message);
                meters.counter("events.consumed", "consumer", name, "type", type).increment();
            };
        }
    }

    private final class Handler<T extends Record> {
        private final String consumer;
        private final EventType<T> type;
        private final Consumer<ReceivedEvent<T>> effect;

        Handler(String consumer, EventType<T> type, Consumer<ReceivedEvent<T>> effect) {
            this.consumer = consumer;
            this.type = type;
            this.effect = effect;
        }

        void handle(Message<byte[]> message) {
            ReceivedEvent<T> event = read(message, type);
            transactions.executeWithoutResult(status -> {
                if (inbox.firstDelivery(consumer, event.id(), event.type())) {
                    effect.accept(event);
                } else {
                    log.debug("Skipping redelivered event {} ({})", event.id(), event.type());
                }
            });
        }
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
        return new ReceivedEvent<>(id, type.type(), header(message, CloudEventHeaders.SOURCE), occurred,
                header(message, CloudEventHeaders.SUBJECT), payload);
    }

    private static void checkRequired(Object value, String path) {
        if (!(value instanceof Record record)) {
            return;
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object field;
            try {
                field = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String fieldPath = path.isEmpty() ? component.getName() : path + "." + component.getName();
            if (field == null) {
                if (!component.isAnnotationPresent(OptionalField.class)) {
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
