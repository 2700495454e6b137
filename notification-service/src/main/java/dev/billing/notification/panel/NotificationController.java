package dev.billing.notification.panel;

import dev.billing.notification.note.WritingNote;
import dev.billing.support.web.ApiProblem;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/notifications?customerId=&channel=}: the customer's communication history, newest first;
 * {@code POST /api/notifications/history}: a staff member's note in it ({@code type: NOTE}).
 */
@RestController
public class NotificationController {
    private static final Set<String> CHANNELS = Set.of("EMAIL", "PANEL", "SMS", "WHATSAPP", "NOTE");
    private final Notifications notifications;
    private final WritingNote notes;

    public NotificationController(Notifications notifications, WritingNote notes) {
        this.notifications = notifications;
        this.notes = notes;
    }

    /** What staff add to the history by hand; messages are recorded as their channels send them. */
    public record HistoryEntry(UUID customerId, String type, String text) {
    }

    @PostMapping("/api/notifications/history")
    public ResponseEntity<Notifications.Notification> add(@RequestBody HistoryEntry entry) {
        if (!"NOTE".equals(entry.type())) {
            throw ApiProblem.badRequest("type", "must be NOTE: staff add notes; messages are recorded as their channels send them");
        }
        Notifications.Notification note = notes.write(entry.customerId(), entry.text());
        return ResponseEntity.created(URI.create("/api/notifications?customerId=" + note.customerId() + "&channel=NOTE")).body(note);
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
