package dev.billing.support.time;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventCatalog;
import dev.billing.events.platform.TestClockMoved;
import dev.billing.support.events.EventJson;
import dev.billing.support.events.IncomingEvents;
import dev.billing.support.events.ReceivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.Message;

/**
 * The platform-wide test clock: a move is broadcast on {@code platform.test-clock}; every service
 * instance applies it to its {@link PlatformClock} and runs its {@link DueWork}.
 */
public class TestClock {
    private static final Logger log = LoggerFactory.getLogger(TestClock.class);
    private final PlatformClock clock;
    private final KafkaTemplate<String, String> kafka;
    private final Supplier<List<DueWork>> dueWork;
    private final String source;
    private final boolean enabled;

    /** A disabled test clock (production) ignores broadcasts: nobody can move production time through Kafka. */
    public TestClock(PlatformClock clock, KafkaTemplate<String, String> kafka, Supplier<List<DueWork>> dueWork, String source,
                     boolean enabled) {
        this.clock = clock;
        this.kafka = kafka;
        this.dueWork = dueWork;
        this.source = source;
        this.enabled = enabled;
    }

    public Instant now() {
        return clock.instant();
    }

    public long offsetMillis() {
        return clock.offsetMillis();
    }

    /**
     * Moves platform time to {@code now}: this service first, running its due work before the call
     * returns (the echo of the broadcast then finds the clock already there), then every other service.
     */
    public void moveTo(Instant now) {
        long offset = clock.offsetFor(now);
        apply(offset);
        TestClockMoved moved = new TestClockMoved(now, offset);
        ProducerRecord<String, String> record = new ProducerRecord<>(EventCatalog.TEST_CLOCK_MOVED.topic(), "platform",
                EventJson.write(moved));
        CloudEventHeaders.binaryMode(UUID.randomUUID().toString(), EventCatalog.TEST_CLOCK_MOVED.type(), source,
                        Instant.now(), null)
                .forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not broadcast the test clock", e);
        }
    }

    /** Consumer of the broadcast (binding {@code testClock-in-0}). */
    public void onMessage(Message<byte[]> message) {
        ReceivedEvent<TestClockMoved> event = IncomingEvents.read(message, EventCatalog.TEST_CLOCK_MOVED);
        apply(event.payload().offsetMillis());
    }

    private synchronized void apply(long offset) {
        if (!enabled) {
            log.warn("Ignoring a test clock move: the test clock is disabled in production");
            return;
        }
        if (clock.advanceTo(offset)) {
            Instant now = clock.instant();
            log.info("Test clock moved to {}", now);
            for (DueWork work : dueWork.get()) {
                work.runDueWork(now);
            }
        }
    }
}
