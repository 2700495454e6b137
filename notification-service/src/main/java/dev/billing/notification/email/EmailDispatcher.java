package dev.billing.notification.email;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationFailed;
import dev.billing.events.notification.NotificationSent;
import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.TraceContext;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued emails over SMTP, one connection per batch, and commits each email's state on its own
 * so that no database transaction is open while SMTP talks:
 * <ol>
 * <li>claim: the email becomes SENDING, its attempt is counted and it is leased for {@link #LEASE};</li>
 * <li>hand it to the SMTP server, outside any transaction;</li>
 * <li>record the outcome in its own transaction: SENT and {@code NotificationSent}; or PENDING again at
 * the {@link RetrySchedule} time; or, with no attempt left, FAILED and {@code NotificationFailed}.</li>
 * </ol>
 * A crash or a database failure between 2 and 3 leaves only that one email SENDING; when its lease runs
 * out it is sent again with the same Message-ID, derived from the notification id, so the receiving
 * side can recognise the repeat. A circuit breaker around SMTP stops claiming while the server keeps
 * failing, so an outage does not use up the emails' attempts.
 */
@Component
public class EmailDispatcher {
    private static final Logger log = LoggerFactory.getLogger(EmailDispatcher.class);
    private static final int BATCH = 50;
    /** Longer than a hand-off can take (5 s to connect, 10 s per read or write); short, since an outcome lost with the database is resent only after it. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private final Notifications notifications;
    private final JavaMailSenderImpl mail;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;
    private final String from;
    private final RetrySchedule retries;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final TraceContext traces;

    public EmailDispatcher(Notifications notifications, JavaMailSenderImpl mail, TransactionTemplate transactions, Outbox outbox,
                           TraceContext traces, Clock clock, @Value("${notification.mail.from}") String from,
                           @Value("${notification.mail.max-attempts:8}") int maxAttempts,
                           @Value("${notification.mail.retry-backoff:30s}") Duration backoff,
                           @Value("${notification.mail.retry-backoff-max:30m}") Duration maxBackoff,
                           @Value("${notification.mail.breaker-open-for:1m}") Duration breakerOpenFor, MeterRegistry meters) {
        this.notifications = notifications;
        this.mail = mail;
        this.transactions = transactions;
        this.outbox = outbox;
        this.traces = traces;
        this.clock = clock;
        this.from = from;
        this.retries = new RetrySchedule(clock, maxAttempts, backoff, maxBackoff);
        this.meters = meters;
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(breakerOpenFor).permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock) // platform time, so that moving the test clock ends the open state as real time would
                .build());
        this.breaker = breakers.circuitBreaker("smtp");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    @Scheduled(fixedDelayString = "${notification.mail.dispatch-interval:200ms}")
    public void sendPending() {
        boolean more = true;
        while (more) {
            try (SmtpConnection smtp = new SmtpConnection(mail)) {
                more = sendBatch(smtp);
            }
        }
    }

    /** Sends up to {@link #BATCH} due emails over one connection; true if more may be due. */
    private boolean sendBatch(SmtpConnection smtp) {
        for (int i = 0; i < BATCH; i++) {
            // while the breaker is open nothing is claimed: the emails are not attempted and keep their attempts
            if (!breaker.tryAcquirePermission()) {
                return false;
            }
            Optional<Notifications.Notification> email = claimNext();
            if (email.isEmpty()) {
                return false;
            }
            String traceparent;
            try {
                traceparent = notifications.traceparentOf(email.get().id());
            } catch (RuntimeException e) {
                breaker.releasePermission(); // no call follows: a permission kept here would block the half-open breaker for good
                throw e;
            }
            traces.continueTrace(traceparent, "email " + email.get().id(), () -> send(email.get(), smtp));
        }
        return true;
    }

    private Optional<Notifications.Notification> claimNext() {
        Instant now = clock.instant();
        Optional<Notifications.Notification> email = Optional.empty();
        try {
            email = notifications.claimDueEmail(now, now.plus(LEASE));
            return email;
        } finally {
            if (email.isEmpty()) {
                // no call follows: a permission kept here would block the half-open breaker for good
                breaker.releasePermission();
            }
        }
    }

    private void send(Notifications.Notification email, SmtpConnection smtp) {
        long start = System.nanoTime();
        try {
            smtp.send(message(email));
        } catch (MessagingException | RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            smtp.close(); // the conversation may be broken; the next email opens a new one
            transactions.executeWithoutResult(status -> recordFailure(email, e));
            return;
        }
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        transactions.executeWithoutResult(status -> recordSent(email));
    }

    private void recordSent(Notifications.Notification email) {
        Instant now = clock.instant();
        if (notifications.markSent(email.id(), now)) {
            outbox.add(EventCatalog.NOTIFICATION_SENT, email.customerId(), "notification/" + email.id(),
                    new NotificationSent(email.id(), email.customerId(), "EMAIL", email.template(), email.recipient(),
                            email.subject(), email.causeEventId(), now));
            meters.counter("notifications.sent", "channel", "EMAIL").increment();
        }
    }

    private void recordFailure(Notifications.Notification email, Exception error) {
        log.warn("Email {} to {} failed (attempt {}): {}", email.id(), email.recipient(), email.attempts(), error.toString());
        Optional<Instant> next = retries.nextAttempt(email.attempts());
        if (next.isPresent()) {
            notifications.scheduleRetry(email.id(), error.toString(), next.get());
        } else if (notifications.markFailed(email.id(), error.toString())) {
            outbox.add(EventCatalog.NOTIFICATION_FAILED, email.customerId(), "notification/" + email.id(),
                    new NotificationFailed(email.id(), email.customerId(), "EMAIL", email.template(),
                            email.recipient(), error.toString(), email.causeEventId(), clock.instant()));
            meters.counter("notifications.failed", "channel", "EMAIL").increment();
        }
    }

    private MimeMessage message(Notifications.Notification email) throws MessagingException {
        MimeMessage message = new IdentifiedMessage(mail.getSession(), "<" + email.id() + "@billing-platform>");
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(email.recipient());
        helper.setSubject(email.subject());
        helper.setText(email.body(), false);
        helper.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Notification-Id", email.id().toString());
        message.saveChanges();
        return message;
    }

    /** Keeps the Message-ID derived from the notification: JavaMail would make up a new one on every save. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
