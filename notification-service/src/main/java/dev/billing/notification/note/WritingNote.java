package dev.billing.notification.note;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NoteAdded;
import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.Actor;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff member writes a note, or logs a call with its outcome, in a customer's communication history (channel
 * {@code NOTE} or {@code CALL}): kept with the messages, announced as {@code NoteAdded} so that the activity log shows
 * it with its author.
 */
@Service
public class WritingNote {
    static final int MAX_LENGTH = 4000;
    /** How a logged call went. */
    public static final List<String> CALL_OUTCOMES = List.of("REACHED", "NO_ANSWER", "LEFT_MESSAGE",
            "PROMISED_TO_PAY", "REFUSED");
    private final Notifications notifications;
    private final Outbox outbox;
    private final Clock clock;

    WritingNote(Notifications notifications, Outbox outbox, Clock clock) {
        this.notifications = notifications;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Notifications.Notification write(UUID customerId, String text) {
        return write(customerId, "NOTE", text, null);
    }

    /** A note ({@code type} NOTE) or a call (CALL, with one of {@link #CALL_OUTCOMES}). */
    @Transactional
    public Notifications.Notification write(UUID customerId, String type, String text, String outcome) {
        boolean call = "CALL".equals(type);
        if (call && (outcome == null || !CALL_OUTCOMES.contains(outcome))) {
            throw ApiProblem.badRequest("outcome", "a call's outcome must be one of " + CALL_OUTCOMES);
        }
        if (customerId == null) {
            throw ApiProblem.badRequest("customerId", "must be given");
        }
        String note = RequestValues.multiLine("text", text);
        if (note == null || note.isBlank()) {
            throw ApiProblem.badRequest("text", "must not be blank");
        }
        if (note.length() > MAX_LENGTH) {
            throw ApiProblem.badRequest("text", "must be at most " + MAX_LENGTH + " characters");
        }
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        Notifications.Notification written = new Notifications.Notification(id, customerId, call ? "CALL" : "NOTE", call ? "call" : "note",
                Actor.current().name(), call ? outcome : "Note", note.strip(), "note/" + id, "SENT", 0, null, now, now, null, null);
        notifications.add(written);
        outbox.add(EventCatalog.NOTE_ADDED, customerId, "notification/" + id,
                new NoteAdded(id, customerId, call ? "Call (" + outcome + "): " + note.strip() : note.strip(), now));
        return written;
    }
}
