package dev.billing.support.events;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C {@code traceparent} of the span the current thread works in, so that an event written to
 * the outbox now and published later, or an email queued now and sent later, still belongs to the
 * trace that caused it (one trace from the cut date to the email).
 */
public class TraceContext {
    public static final String HEADER = "traceparent";
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
        if (traceparent == null) {
            work.run();
            return;
        }
        Span span = propagator.extract(Map.of(HEADER, traceparent), Map::get).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        } finally {
            span.end();
        }
    }
}
