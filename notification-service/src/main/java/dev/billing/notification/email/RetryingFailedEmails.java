package dev.billing.notification.email;

import dev.billing.notification.panel.Notifications;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Puts FAILED emails back in the queue, due at once and with their attempts reset, once the cause (the
 * mail server, an address) has been dealt with. {@link EmailDispatcher} then sends them as any other.
 */
@Service
public class RetryingFailedEmails {
    private final Notifications notifications;
    private final Clock clock;

    public RetryingFailedEmails(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    public Notifications.Notification retry(UUID id) {
        return notifications.requeueFailedEmail(id, clock.instant()).orElseThrow(() -> notifications.find(id)
                .map(n -> ApiProblem.conflict("status", "notification " + id + " is a " + n.status() + " " + n.channel()
                        + " message; only a FAILED email can be retried"))
                .orElseGet(() -> ApiProblem.notFound("Notification", id)));
    }

    /** Returns how many emails went back in the queue. */
    public int retryAll() {
        return notifications.requeueFailedEmails(clock.instant());
    }
}
