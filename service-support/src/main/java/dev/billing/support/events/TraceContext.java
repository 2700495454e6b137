package dev.billing.support.events;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The W3C {@code traceparent} of the span the current thread works in, so that an event written to
 * the outbox now and published later, or an email queued now and sent later, still belongs to the
 * trace that caused it (one trace from the cut date to the email).
 */
public class TraceContext {
    public static final String HEADER = "traceparent";
    /** No tracing: no current trace, work continued as it is. */
    public static final TraceContext NONE = new TraceContext(Tracer.NOOP, Propagator.NOOP);
    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContext(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current {@code traceparent}, or null outside any span. */
    public String currentTraceparent() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /**
     * Runs {@code work} in a new span {@code name} of the trace {@code traceparent} names (work done
     * later for an event, such as sending its email), or as it is without one.
     */
    public void continueTrace(String traceparent, String name, Runnable work) {
        continueTrace(traceparent, name, () -> {
            work.run();
            return null;
        });
    }

    /** {@link #continueTrace(String, String, Runnable)} for work with a result. */
    public <T> T continueTrace(String traceparent, String name, Supplier<T> work) {
        if (traceparent == null) {
            return work.get();
        }
        Span span = propagator.extract(Map.of(HEADER, traceparent), Map::get).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
