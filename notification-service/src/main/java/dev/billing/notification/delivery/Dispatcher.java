package dev.billing.notification.delivery;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationFailed;
import dev.billing.events.notification.NotificationSent;
import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.TraceContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued messages of one {@link Courier}'s channel, one provider conversation per batch, and commits each
 * message's state on its own so that no database transaction is open while the provider is spoken to:
 * <ol>
 * <li>claim: the message becomes SENDING, its attempt is counted and it is leased for {@link #LEASE};</li>
 * <li>hand it to the provider, outside any transaction;</li>
 * <li>record the outcome in its own transaction: SENT with the provider's id and {@code NotificationSent}; or PENDING
 * again at the {@link RetrySchedule} time; or, refused for good or with no attempt left, FAILED and
 * {@code NotificationFailed}.</li>
 * </ol>
 * A crash or a database failure between 2 and 3 leaves only that one message SENDING; when its lease runs out it is
 * sent again (an email with the same Message-ID, derived from the notification id, so the receiving side can
 * recognise the repeat). The provider's circuit breaker stops claiming while the provider keeps failing, so an outage
 * does not use up the messages' attempts; its rate limiter stops claiming for the rest of a second once the provider's
 * allowance is used.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 50;
    /** Longer than a hand-off can take (5 s to connect, 10 s per read or write); short, since an outcome lost with the database is resent only after it. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private final Courier courier;
    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final TraceContext traces;
    private final Clock clock;
    private final RetrySchedule retries;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final MeterRegistry meters;

    Dispatcher(Courier courier, Notifications notifications, TransactionTemplate transactions, Outbox outbox, TraceContext traces,
               Clock clock, RetrySchedule retries, CircuitBreaker breaker, RateLimiter limiter, MeterRegistry meters) {
        this.courier = courier;
        this.notifications = notifications;
        this.transactions = transactions;
        this.outbox = outbox;
        this.traces = traces;
        this.clock = clock;
        this.retries = retries;
        this.breaker = breaker;
        this.limiter = limiter;
        this.meters = meters;
    }

    void sendPending() {
        boolean more = true;
        while (more) {
            try (Courier.Session session = courier.open()) {
                more = sendBatch(session);
            }
        }
    }

    /** Sends up to {@link #BATCH} due messages in one conversation; true if more may be due. */
    private boolean sendBatch(Courier.Session session) {
        for (int i = 0; i < BATCH; i++) {
            if (!limiter.acquirePermission()) {
                return false; // the allowance of this period is used: the next pass goes on
            }
            // while the breaker is open nothing is claimed: the messages are not attempted and keep their attempts
            if (!breaker.tryAcquirePermission()) {
                return false;
            }
            Optional<Notifications.Notification> message = claimNext();
            if (message.isEmpty()) {
                return false;
            }
            String traceparent;
            try {
                traceparent = notifications.traceparentOf(message.get().id());
            } catch (RuntimeException e) {
                breaker.releasePermission(); // no call follows: a permission kept here would block the half-open breaker for good
                throw e;
            }
            traces.continueTrace(traceparent, courier.channel().toLowerCase(java.util.Locale.ROOT) + " " + message.get().id(),
                    () -> send(message.get(), session));
        }
        return true;
    }

    private Optional<Notifications.Notification> claimNext() {
        Instant now = clock.instant();
        Optional<Notifications.Notification> message = Optional.empty();
        try {
            message = notifications.claimDue(courier.channel(), now, now.plus(LEASE));
            return message;
        } finally {
            if (message.isEmpty()) {
                // no call follows: a permission kept here would block the half-open breaker for good
                breaker.releasePermission();
            }
        }
    }

    private void send(Notifications.Notification message, Courier.Session session) {
        long start = System.nanoTime();
        String providerId;
        try {
            providerId = session.deliver(message);
        } catch (Rejected e) {
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS); // the provider answered: it is up
            transactions.executeWithoutResult(status -> recordFailed(message, courier.provider() + " refused the message: " + e.getMessage()));
            return;
        } catch (Exception e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            session.broken();
            transactions.executeWithoutResult(status -> recordFailure(message, e));
            return;
        }
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        transactions.executeWithoutResult(status -> recordSent(message, providerId));
    }

    private void recordSent(Notifications.Notification message, String providerId) {
        Instant now = clock.instant();
        if (notifications.markSent(message.id(), now, courier.provider(), providerId)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, message.customerId(), "notification/" + message.id(),
                    new NotificationSent(message.id(), message.customerId(), message.channel(), message.template(), message.recipient(),
                            message.subject(), message.causeEventId(), now, message.invoiceId()));
            meters.counter("notifications.sent", "channel", message.channel()).increment();
        }
    }

    private void recordFailure(Notifications.Notification message, Exception error) {
        log.warn("{} {} to {} failed (attempt {}): {}", message.channel(), message.id(), message.recipient(), message.attempts(), error.toString());
        Optional<Instant> next = retries.nextAttempt(message.attempts());
        if (next.isPresent()) {
            notifications.scheduleRetry(message.id(), error.toString(), next.get());
        } else {
            recordFailed(message, error.toString());
        }
    }

    private void recordFailed(Notifications.Notification message, String reason) {
        if (notifications.markFailed(message.id(), reason)) {
            outbox.add(EventCatalog.NOTIFICATION_FAILED, message.customerId(), "notification/" + message.id(),
                    new NotificationFailed(message.id(), message.customerId(), message.channel(), message.template(),
                            message.recipient(), reason, message.causeEventId(), clock.instant()));
            meters.counter("notifications.failed", "channel", message.channel()).increment();
        }
    }
}
