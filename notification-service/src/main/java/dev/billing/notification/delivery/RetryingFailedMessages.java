package dev.billing.notification.delivery;

import dev.billing.notification.panel.Notifications;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Puts FAILED messages (email, SMS, WhatsApp) back in the queue, due at once and with their attempts reset, once the
 * cause (the mail server, a provider, an address) has been dealt with. {@link Dispatching} then sends them as any other.
 */
@Service
public class RetryingFailedMessages {
    private final Notifications notifications;
    private final Clock clock;

    public RetryingFailedMessages(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    public Notifications.Notification retry(UUID id) {
        return notifications.requeueFailed(id, clock.instant()).orElseThrow(() -> notifications.find(id)
                .map(n -> ApiProblem.conflict("status", "notification " + id + " is a " + n.status() + " " + n.channel()
                        + " message; only a FAILED email, SMS or WhatsApp message can be retried"))
                .orElseGet(() -> ApiProblem.notFound("Notification", id)));
    }

    /** Returns how many messages went back in the queue. */
    public int retryAll() {
        return notifications.requeueAllFailed(clock.instant());
    }
}
