package dev.billing.notification.panel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.billing.support.events.TraceContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every message by any channel: one communication history per customer. */
@Repository
public class Notifications {
    private final JdbcClient jdbc;
    private final TraceContext traces;

    public Notifications(JdbcClient jdbc, TraceContext traces) {
        this.jdbc = jdbc;
        this.traces = traces;
    }

    public record Notification(UUID id, UUID customerId, String channel, String template, String recipient,
                               String subject, String body, String causeEventId, String status, int attempts,
                               String lastError, Instant createdAt, Instant sentAt, Instant nextAttemptAt, Integer templateVersion,
                               String provider, String deliveryStatus, String deliveryError, Instant deliveredAt, UUID invoiceId) {
        /** A message as written, before any provider has taken it. */
        public Notification(UUID id, UUID customerId, String channel, String template, String recipient, String subject, String body,
                            String causeEventId, String status, int attempts, String lastError, Instant createdAt, Instant sentAt,
                            Instant nextAttemptAt, Integer templateVersion) {
            this(id, customerId, channel, template, recipient, subject, body, causeEventId, status, attempts, lastError, createdAt,
                    sentAt, nextAttemptAt, templateVersion, null, null, null, null, null);
        }

        /** The same message, about the invoice {@code invoiceId} (null: about none); its {@code NotificationSent} names it. */
        public Notification about(UUID invoiceId) {
            return new Notification(id, customerId, channel, template, recipient, subject, body, causeEventId, status, attempts, lastError,
                    createdAt, sentAt, nextAttemptAt, templateVersion, provider, deliveryStatus, deliveryError, deliveredAt, invoiceId);
        }
    }

    /** Records a message unless one was already recorded for the same cause and channel; false when it was. */
    public boolean add(Notification n) {
        return jdbc.sql("""
                        insert into notification (id, customer_id, channel, template, recipient, subject, body,
                            cause_event_id, status, last_error, created_at, sent_at, next_attempt_at, traceparent, template_version, invoice_id)
                        values (:id, :customerId, :channel, :template, :recipient, :subject, :body, :cause, :status,
                            :lastError, :createdAt, :sentAt, :nextAttemptAt, :traceparent, :templateVersion, :invoiceId)
                        on conflict (cause_event_id, channel) do nothing""")
                .param("id", n.id()).param("customerId", n.customerId()).param("channel", n.channel())
                .param("template", n.template()).param("recipient", n.recipient()).param("subject", n.subject())
                .param("body", n.body()).param("cause", n.causeEventId()).param("status", n.status())
                .param("lastError", n.lastError()).param("createdAt", Timestamp.from(n.createdAt()))
                .param("sentAt", timestamp(n.sentAt())).param("nextAttemptAt", timestamp(n.nextAttemptAt()))
                .param("traceparent", traces.currentTraceparent()).param("templateVersion", n.templateVersion())
                .param("invoiceId", n.invoiceId())
                .update() == 1;
    }

    /** The trace of the event that caused the message, to send it in (null for messages from before tracing). */
    public String traceparentOf(UUID id) {
        return jdbc.sql("select traceparent from notification where id = :id").param("id", id).query(String.class).optional().orElse(null);
    }

    public List<Notification> history(UUID customerId, String channel, int limit) {
        return jdbc.sql("""
                        select * from notification where customer_id = :customerId
                        and (cast(:channel as text) is null or channel = :channel)
                        order by created_at desc, id limit :limit""")
                .param("customerId", customerId).param("channel", channel).param("limit", limit)
                .query(Notifications::map).list();
    }

    /** The latest messages of a channel, whoever they concern (the staff panel). */
    public List<Notification> ofChannel(String channel, int limit) {
        return jdbc.sql("select * from notification where channel = :channel order by created_at desc, id limit :limit")
                .param("channel", channel).param("limit", limit)
                .query(Notifications::map).list();
    }

    public List<Notification> page(UUID customerId, int page, int size) {
        return jdbc.sql("select * from notification where customer_id = :customerId order by created_at desc, id limit :size offset :offset")
                .param("customerId", customerId).param("size", size).param("offset", (long) page * size)
                .query(Notifications::map).list();
    }

    public long count(UUID customerId) {
        return jdbc.sql("select count(*) from notification where customer_id = :customerId").param("customerId", customerId)
                .query(Long.class).single();
    }

    public Optional<Notification> find(UUID id) {
        return jdbc.sql("select * from notification where id = :id").param("id", id).query(Notifications::map).optional();
    }

    /**
     * Claims the message of the channel that has been due longest: it becomes SENDING, its attempt is counted and it is
     * leased until {@code leaseUntil}. One statement, so it commits on its own before the provider is spoken to;
     * {@code skip locked} keeps two dispatchers off the same message, and a SENDING message whose lease ran
     * out (its dispatcher died, or could not record the outcome) is claimed again.
     */
    public Optional<Notification> claimDue(String channel, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                        update notification set status = 'SENDING', attempts = attempts + 1, next_attempt_at = :leaseUntil
                        where id = (select id from notification
                                    where status in ('PENDING', 'SENDING') and channel = :channel and next_attempt_at <= :now
                                    order by next_attempt_at limit 1 for update skip locked)
                        returning *""")
                .param("channel", channel).param("now", Timestamp.from(now)).param("leaseUntil", Timestamp.from(leaseUntil))
                .query(Notifications::map).optional();
    }

    /**
     * The provider took the message, under its id {@code providerMessageId}. False when the claim was lost meanwhile (its
     * lease ran out and another dispatcher took the message).
     */
    public boolean markSent(UUID id, Instant at, String provider, String providerMessageId) {
        boolean sent = jdbc.sql("""
                        update notification set status = 'SENT', sent_at = :at, next_attempt_at = null, provider = :provider,
                            provider_message_id = :providerMessageId, delivery_status = 'SENT'
                        where id = :id and status = 'SENDING'""")
                .param("at", Timestamp.from(at)).param("provider", provider).param("providerMessageId", providerMessageId)
                .param("id", id).update() == 1;
        if (sent) {
            // a report that came before this outcome was recorded (every report goes further than SENT)
            jdbc.sql("""
                            with early as (delete from early_delivery_report where provider = :provider and provider_message_id = :pid
                                           returning delivery_status, delivery_error, reported_at)
                            update notification n set delivery_status = e.delivery_status, delivery_error = e.delivery_error,
                                delivered_at = case when e.delivery_status in ('DELIVERED', 'READ') then e.reported_at end
                            from early e where n.id = :id""")
                    .param("provider", provider).param("pid", providerMessageId).param("id", id).update();
        }
        return sent;
    }

    /** A report about a message not known by that id yet: it is applied when the message is marked SENT. */
    public void keepEarlyReport(String provider, String providerMessageId, String deliveryStatus, String error, Instant at) {
        jdbc.sql("""
                        insert into early_delivery_report (provider, provider_message_id, delivery_status, delivery_error, reported_at)
                        values (:provider, :pid, :status, :error, :at)
                        on conflict (provider, provider_message_id) do update set delivery_status = excluded.delivery_status,
                            delivery_error = excluded.delivery_error, reported_at = excluded.reported_at""")
                .param("provider", provider).param("pid", providerMessageId).param("status", deliveryStatus).param("error", error)
                .param("at", Timestamp.from(at)).update();
    }

    /** The early report kept for a provider's id, if any. */
    public Optional<String> earlyReport(String provider, String providerMessageId) {
        return jdbc.sql("select delivery_status from early_delivery_report where provider = :provider and provider_message_id = :pid for update")
                .param("provider", provider).param("pid", providerMessageId).query(String.class).optional();
    }

    /** The message a provider's delivery report names, by the provider's id for it, locked until the report is recorded. */
    public Optional<Notification> byProviderIdForUpdate(String provider, String providerMessageId) {
        return jdbc.sql("select * from notification where provider = :provider and provider_message_id = :id for update")
                .param("provider", provider).param("id", providerMessageId).query(Notifications::map).optional();
    }

    /** Records a delivery report: its status, the provider's error if any, and when it was delivered. */
    public void recordDelivery(UUID id, String deliveryStatus, String error, Instant deliveredAt) {
        jdbc.sql("""
                        update notification set delivery_status = :status, delivery_error = :error,
                            delivered_at = coalesce(delivered_at, :deliveredAt)
                        where id = :id""")
                .param("status", deliveryStatus).param("error", error).param("deliveredAt", timestamp(deliveredAt))
                .param("id", id).update();
    }

    public void scheduleRetry(UUID id, String error, Instant at) {
        jdbc.sql("""
                        update notification set status = 'PENDING', last_error = :error, next_attempt_at = :at
                        where id = :id and status = 'SENDING'""")
                .param("error", error).param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** False when the claim was lost meanwhile. */
    public boolean markFailed(UUID id, String error) {
        return jdbc.sql("""
                        update notification set status = 'FAILED', last_error = :error, next_attempt_at = null
                        where id = :id and status = 'SENDING'""")
                .param("error", error).param("id", id).update() == 1;
    }

    /**
     * Puts a FAILED message back in the queue, due at {@code now}, with no attempts made; empty if it is not a FAILED
     * message that was written (one never written, such as a reminder without a template, has an empty body).
     */
    public Optional<Notification> requeueFailed(UUID id, Instant now) {
        return jdbc.sql("""
                        update notification set status = 'PENDING', attempts = 0, next_attempt_at = :now
                        where id = :id and channel in ('EMAIL', 'SMS', 'WHATSAPP') and status = 'FAILED' and body <> ''
                        returning *""")
                .param("now", Timestamp.from(now)).param("id", id).query(Notifications::map).optional();
    }

    /** Puts every FAILED message that was written back in the queue; returns how many. */
    public int requeueAllFailed(Instant now) {
        return jdbc.sql("""
                        update notification set status = 'PENDING', attempts = 0, next_attempt_at = :now
                        where channel in ('EMAIL', 'SMS', 'WHATSAPP') and status = 'FAILED' and body <> ''""")
                .param("now", Timestamp.from(now)).update();
    }

    static Notification map(ResultSet rs, int row) throws SQLException {
        return new Notification(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("channel"), rs.getString("template"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("body"), rs.getString("cause_event_id"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("sent_at")),
                instant(rs.getTimestamp("next_attempt_at")), (Integer) rs.getObject("template_version"), rs.getString("provider"),
                rs.getString("delivery_status"), rs.getString("delivery_error"), instant(rs.getTimestamp("delivered_at")),
                rs.getObject("invoice_id", UUID.class));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
