package dev.billing.notification.panel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every message by any channel: one communication history per customer. */
@Repository
public class Notifications {
    private final JdbcClient jdbc;

    public Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Notification(UUID id, UUID customerId, String channel, String template, String recipient,
                               String subject, String body, String causeEventId, String status, int attempts,
                               String lastError, Instant createdAt, Instant sentAt) {
    }

    /** Records a message unless one was already recorded for the same cause and channel; false when it was. */
    public boolean add(Notification n) {
        return jdbc.sql("""
                        insert into notification (id, customer_id, channel, template, recipient, subject, body,
                            cause_event_id, status, created_at, sent_at)
                        values (:id, :customerId, :channel, :template, :recipient, :subject, :body, :cause, :status,
                            :createdAt, :sentAt)
                        on conflict (cause_event_id, channel) do nothing""")
                .param("id", n.id()).param("customerId", n.customerId()).param("channel", n.channel())
                .param("template", n.template()).param("recipient", n.recipient()).param("subject", n.subject())
                .param("body", n.body()).param("cause", n.causeEventId()).param("status", n.status())
                .param("createdAt", Timestamp.from(n.createdAt()))
                .param("sentAt", n.sentAt() == null ? null : Timestamp.from(n.sentAt()))
                .update() == 1;
    }

    public List<Notification> history(UUID customerId, String channel, int limit) {
        return jdbc.sql("""
                        select * from notification where customer_id = :customerId
                        and (cast(:channel as text) is null or channel = :channel)
                        order by created_at desc, id limit :limit""")
                .param("customerId", customerId).param("channel", channel).param("limit", limit)
                .query(Notifications::map).list();
    }

    /** Pending emails, locked for this transaction so that two dispatchers never send the same one. */
    public List<Notification> lockPending(String channel, int limit) {
        return jdbc.sql("""
                        select * from notification where status = 'PENDING' and channel = :channel
                        order by created_at limit :limit for update skip locked""")
                .param("channel", channel).param("limit", limit)
                .query(Notifications::map).list();
    }

    public void markSent(UUID id, Instant at) {
        jdbc.sql("update notification set status = 'SENT', sent_at = :at, attempts = attempts + 1 where id = :id")
                .param("at", Timestamp.from(at)).param("id", id).update();
    }

    public void markAttemptFailed(UUID id, String error, boolean finalAttempt) {
        jdbc.sql("update notification set status = :status, attempts = attempts + 1, last_error = :error where id = :id")
                .param("status", finalAttempt ? "FAILED" : "PENDING").param("error", error).param("id", id).update();
    }

    static Notification map(ResultSet rs, int row) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Notification(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("channel"), rs.getString("template"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("body"), rs.getString("cause_event_id"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(), sent == null ? null : sent.toInstant());
    }
}
