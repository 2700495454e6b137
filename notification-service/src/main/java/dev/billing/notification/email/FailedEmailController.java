package dev.billing.notification.email;

import dev.billing.notification.panel.Notifications;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/notifications/{id}/retry}: one FAILED email back in the queue (404 unknown id, 409
 * not a FAILED email); {@code POST /api/notifications/retry-failed}: every FAILED email.
 */
@RestController
public class FailedEmailController {
    private final RetryingFailedEmails retrying;

    public FailedEmailController(RetryingFailedEmails retrying) {
        this.retrying = retrying;
    }

    @PostMapping("/api/notifications/{id}/retry")
    public Notifications.Notification retry(@PathVariable UUID id) {
        return retrying.retry(id);
    }

    @PostMapping("/api/notifications/retry-failed")
    public Map<String, Integer> retryAll() {
        return Map.of("retried", retrying.retryAll());
    }
}
