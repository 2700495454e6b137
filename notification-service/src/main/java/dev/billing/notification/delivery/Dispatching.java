package dev.billing.notification.delivery;

import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.TraceContext;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One {@link Dispatcher} per configured {@link Courier}, each run every {@code notification.delivery.dispatch-interval}
 * as its own scheduled task, so that a slow provider does not hold up the others' messages. Each provider has its own
 * circuit breaker (opened when half of its last 10 hand-offs failed, counted from the 5th; open for
 * {@code notification.delivery.breaker-open-for} of platform time) and rate limiter.
 */
@Component
public class Dispatching implements SchedulingConfigurer {
    private final List<Dispatcher> dispatchers;
    private final Set<String> channels;
    private final Duration interval;

    Dispatching(List<Courier> couriers, Notifications notifications, TransactionTemplate transactions, Outbox outbox,
                TraceContext traces, Clock clock, MeterRegistry meters,
                @Value("${notification.delivery.max-attempts:8}") int maxAttempts,
                @Value("${notification.delivery.retry-backoff:30s}") Duration backoff,
                @Value("${notification.delivery.retry-backoff-max:30m}") Duration maxBackoff,
                @Value("${notification.delivery.breaker-open-for:1m}") Duration breakerOpenFor,
                @Value("${notification.delivery.dispatch-interval:200ms}") Duration interval) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(breakerOpenFor).permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock) // platform time, so that moving the test clock ends the open state as real time would
                .build());
        RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
        RetrySchedule retries = new RetrySchedule(clock, maxAttempts, backoff, maxBackoff);
        this.dispatchers = couriers.stream().map(courier -> new Dispatcher(courier, notifications, transactions, outbox, traces, clock,
                retries, breakers.circuitBreaker(courier.provider()),
                limiters.rateLimiter(courier.provider(), RateLimiterConfig.custom().limitForPeriod(courier.ratePerSecond())
                        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build()), meters)).toList();
        this.channels = couriers.stream().map(Courier::channel).collect(Collectors.toUnmodifiableSet());
        this.interval = interval;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
    }

    /** Whether a provider is configured for the channel; a message for another one cannot go out. */
    public boolean sends(String channel) {
        return channels.contains(channel);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        dispatchers.forEach(dispatcher -> registrar.addFixedDelayTask(dispatcher::sendPending, interval));
    }
}
