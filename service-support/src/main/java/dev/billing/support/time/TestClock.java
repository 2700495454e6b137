package dev.billing.support.time;

import dev.billing.events.CloudEventHeaders;
import dev.billing.support.events.Actor;
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
 * The platform-wide test clock: a move is broadcast on {@code platform.test-clock} (compacted, keyed
 * {@value #KEY}, so the latest move outlives the broker's retention); every service instance applies it
 * to its {@link PlatformClock} and runs its {@link DueWork}. It exists only with the Spring profile
 * {@value #PROFILE}: without it the endpoint answers 403 and broadcasts are ignored.
 */
public class TestClock {
    private static final Logger log = LoggerFactory.getLogger(TestClock.class);
    /** The one profile that turns the test clock on; any other profile, or none, leaves it off. */
    public static final String PROFILE = "test-clock";
    static final String KEY = "platform";
    private final PlatformClock clock;
    private final KafkaTemplate<String, String> kafka;
    private final Supplier<List<DueWork>> dueWork;
    private final String source;
    private final boolean enabled;
    private Instant lastTarget;
    private long lastOffset;

    /** A disabled test clock ignores broadcasts: nobody can move a real platform's time through Kafka. */
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

    public boolean enabled() {
        return enabled;
    }

    /** True for the instant of the last move asked of this instance: asking again repeats that move. */
    public synchronized boolean isLastMove(Instant now) {
        return now.equals(lastTarget);
    }

    /**
     * Moves platform time to {@code now}: this service first, running its due work before the call
     * returns, then every other service. The due work runs and the move is broadcast even when the
     * clock is already at {@code now}, so a move that a failure left half-done is completed by
     * asking for it again.
     */
    public synchronized void moveTo(Instant now) {
        Actor mover = Actor.current();
        // a repeat never goes back: another instance may have moved further meanwhile, and the compacted topic keeps the last word
        long offset = Math.max(now.equals(lastTarget) ? lastOffset : clock.offsetFor(now), clock.offsetMillis());
        lastTarget = now;
        lastOffset = offset;
        apply(offset, true);
        TestClockMoved moved = new TestClockMoved(now, offset);
        ProducerRecord<String, String> record = new ProducerRecord<>(EventCatalog.TEST_CLOCK_MOVED.topic(), KEY,
                EventJson.write(moved));
        CloudEventHeaders.binaryMode(UUID.randomUUID().toString(), EventCatalog.TEST_CLOCK_MOVED.type(), source,
                        Instant.now(), null, mover.id(), mover.name())
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

    /**
     * Consumer of the broadcast (binding {@code testClock-in-0}). A repeated move (the retry of a move
     * that failed somewhere) runs the due work again; this service's own echo does not.
     */
    public void onMessage(Message<byte[]> message) {
        ReceivedEvent<TestClockMoved> event = IncomingEvents.read(message, EventCatalog.TEST_CLOCK_MOVED);
        apply(event.payload().offsetMillis(), !source.equals(event.source()));
    }

    private synchronized void apply(long offset, boolean evenIfAlreadyThere) {
        if (!enabled) {
            log.warn("Ignoring a test clock move: the test clock is off (profile '{}' not active)", PROFILE);
            return;
        }
        boolean moved = clock.advanceTo(offset);
        if (moved || (evenIfAlreadyThere && offset == clock.offsetMillis())) {
            Instant now = clock.instant();
            log.info("Test clock at {}", now);
            // due work is the system's (a billing run, overdue marks), also when a staff member's move started it here
            var caller = org.springframework.security.core.context.SecurityContextHolder.getContext();
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
            try {
                for (DueWork work : dueWork.get()) {
                    work.runDueWork(now);
                }
            } finally {
                org.springframework.security.core.context.SecurityContextHolder.setContext(caller);
            }
        }
    }
}
