package dev.billing.notification.panel;

import dev.billing.support.web.ApiProblem;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/notifications?customerId=&channel=}: the customer's communication history, newest first. */
@RestController
public class NotificationController {
    private static final Set<String> CHANNELS = Set.of("EMAIL", "PANEL", "SMS", "WHATSAPP");
    private final Notifications notifications;

    public NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/api/notifications")
    public List<Notifications.Notification> history(@RequestParam UUID customerId,
                                                    @RequestParam(required = false) String channel,
                                                    @RequestParam(defaultValue = "100") int limit) {
        if (channel != null && !CHANNELS.contains(channel)) {
            throw ApiProblem.badRequest("channel", "must be one of " + CHANNELS);
        }
        if (limit < 1 || limit > 500) {
            throw ApiProblem.badRequest("limit", "must be between 1 and 500");
        }
        return notifications.history(customerId, channel, limit);
    }
}
