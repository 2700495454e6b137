package dev.billing.dispute.dispute;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The disputes' meters: {@code disputes.opened} (tag {@code reason}), {@code disputes.resolved} (tag {@code outcome}),
 * {@code disputes.withdrawn}, the timers {@code disputes.first.response} and {@code disputes.resolution} (from opening,
 * platform time), and the gauges {@code disputes.open} (OPEN and UNDER_REVIEW) and {@code disputes.oldest.open.age}
 * (seconds since the oldest of them was opened). Counted after commit only, so a refused request counts nothing.
 */
@Component
public class DisputeMetrics {
    private final MeterRegistry meters;

    DisputeMetrics(MeterRegistry meters, Disputes disputes, Clock clock) {
        this.meters = meters;
        Gauge.builder("disputes.open", disputes, Disputes::openCount).description("Disputes open or under review").register(meters);
        Gauge.builder("disputes.oldest.open.age", disputes, d -> d.oldestOpenedAt()
                .map(oldest -> Math.max(0, Duration.between(oldest, clock.instant()).toSeconds())).orElse(0L)).baseUnit("seconds").description("Age of the oldest dispute still open or under review").register(meters);
    }

    void opened(Reason reason) {
        afterCommit(() -> Counter.builder("disputes.opened").tag("reason", reason.name()).register(meters).increment());
    }

    void firstResponse(Instant openedAt, Instant at) {
        afterCommit(() -> Timer.builder("disputes.first.response").register(meters).record(Duration.between(openedAt, at)));
    }

    void resolved(Outcome outcome, Instant openedAt, Instant at) {
        afterCommit(() -> {
            Counter.builder("disputes.resolved").tag("outcome", outcome.name()).register(meters).increment();
            Timer.builder("disputes.resolution").register(meters).record(Duration.between(openedAt, at));
        });
    }

    void withdrawn() {
        afterCommit(() -> Counter.builder("disputes.withdrawn").register(meters).increment());
    }

    private static void afterCommit(Runnable count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }
}
