package dev.billing.notification.delivery;

import dev.billing.notification.panel.Notifications;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/notifications/{id}/retry}: one FAILED message back in the queue (404 unknown id, 409
 * not a FAILED email, SMS or WhatsApp message); {@code POST /api/notifications/retry-failed}: every FAILED one.
 */
@RestController
public class FailedMessageController {
    private final RetryingFailedMessages retrying;

    public FailedMessageController(RetryingFailedMessages retrying) {
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
