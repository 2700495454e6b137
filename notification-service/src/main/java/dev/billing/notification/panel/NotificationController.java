package dev.billing.notification.panel;

import dev.billing.notification.note.WritingNote;
import dev.billing.support.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/notifications?customerId=&channel=}: the customer's communication history, newest first;
 * {@code GET /api/notifications/history?customerId=&page=&size=}: the same, paged; {@code POST /api/notifications/history}:
 * a staff member's note ({@code type: NOTE}) or call ({@code type: CALL}, with its {@code outcome}) in it.
 */
@RestController
public class NotificationController {
    private static final Set<String> CHANNELS = Set.of("EMAIL", "PANEL", "SMS", "WHATSAPP", "NOTE", "CALL", "STAFF");
    private final Notifications notifications;
    private final WritingNote notes;

    public NotificationController(Notifications notifications, WritingNote notes) {
        this.notifications = notifications;
        this.notes = notes;
    }

    /** What staff add to the history by hand; messages are recorded as their channels send them. */
    public record HistoryEntry(UUID customerId, String type, String text, String outcome) {
    }

    @PostMapping("/api/notifications/history")
    public ResponseEntity<Notifications.Notification> add(@RequestBody HistoryEntry entry) {
        if (!"NOTE".equals(entry.type()) && !"CALL".equals(entry.type())) {
            throw ApiProblem.badRequest("type", "must be NOTE or CALL: staff add notes and calls; messages are recorded as their channels send them");
        }
        Notifications.Notification note = notes.write(entry.customerId(), entry.type(), entry.text(), entry.outcome());
        return ResponseEntity.created(URI.create("/api/notifications/history?customerId=" + note.customerId())).body(note);
    }

    /**
     * The customer's whole communication history, newest first and paged ({@code X-Total-Count}): every message on
     * every channel with its delivery status (and the reason when it failed), and the notes and calls staff logged.
     */
    @GetMapping("/api/notifications/history")
    public List<Notifications.Notification> fullHistory(@RequestParam UUID customerId, @RequestParam(defaultValue = "0") int page,
                                                        @RequestParam(defaultValue = "50") int size,
                                                        HttpServletResponse response) {
        if (size < 1 || size > 500) {
            throw ApiProblem.badRequest("size", "must be between 1 and 500");
        }
        if (page < 0 || page > 100_000) {
            throw ApiProblem.badRequest("page", "must be between 0 and 100000");
        }
        response.setHeader("X-Total-Count", Long.toString(notifications.count(customerId)));
        return notifications.page(customerId, page, size);
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

    /** The staff panel: messages to the team (an opened collection task, say), newest first. */
    @GetMapping("/api/notifications/staff")
    public List<Notifications.Notification> staffPanel(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 200) {
            throw ApiProblem.badRequest("limit", "must be between 1 and 200");
        }
        return notifications.ofChannel("STAFF", limit);
    }
}
