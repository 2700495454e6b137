package dev.billing.notification.email;

import dev.billing.events.EventCatalog;
import dev.billing.events.notification.NotificationFailed;
import dev.billing.events.notification.NotificationSent;
import dev.billing.notification.panel.Notifications;
import dev.billing.support.events.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued emails over SMTP. Each email is locked while it is sent and marked SENT in the same
 * transaction, so two dispatchers never send it twice; a failed attempt is retried on the next pass
 * until max-attempts, then recorded as FAILED with the reason. The Message-ID is derived from the
 * notification id, so a receiving system can recognise the rare resend after a crash mid-send.
 */
@Component
public class EmailDispatcher {
    private static final Logger log = LoggerFactory.getLogger(EmailDispatcher.class);
    private static final int BATCH = 50;
    private final Notifications notifications;
    private final JavaMailSender mail;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;
    private final String from;
    private final int maxAttempts;
    private final MeterRegistry meters;

    public EmailDispatcher(Notifications notifications, JavaMailSender mail, TransactionTemplate transactions, Outbox outbox,
                           Clock clock, @Value("${notification.mail.from}") String from,
                           @Value("${notification.mail.max-attempts:5}") int maxAttempts, MeterRegistry meters) {
        this.notifications = notifications;
        this.mail = mail;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
        this.from = from;
        this.maxAttempts = maxAttempts;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${notification.mail.dispatch-interval:200ms}")
    public void sendPending() {
        Integer sent;
        do {
            sent = transactions.execute(status -> sendBatch(notifications.lockPending("EMAIL", BATCH)));
        } while (sent != null && sent == BATCH);
    }

    /** Sends the batch over one SMTP connection; each message that failed is retried later or given up. */
    private int sendBatch(List<Notifications.Notification> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<MimeMessage, Notifications.Notification> byMessage = new LinkedHashMap<>();
        Map<Notifications.Notification, Exception> failed = new HashMap<>();
        for (Notifications.Notification email : batch) {
            try {
                byMessage.put(message(email), email);
            } catch (MessagingException e) {
                failed.put(email, e);
            }
        }
        try {
            mail.send(byMessage.keySet().toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            e.getFailedMessages().forEach((message, error) -> failed.put(byMessage.get(message), error));
            if (e.getFailedMessages().isEmpty()) {
                byMessage.values().forEach(email -> failed.put(email, e));
            }
        } catch (MailException e) {
            byMessage.values().forEach(email -> failed.put(email, e));
        }
        for (Notifications.Notification email : batch) {
            Exception error = failed.get(email);
            if (error == null) {
                notifications.markSent(email.id(), clock.instant());
                outbox.add(EventCatalog.NOTIFICATION_SENT, email.customerId(), "notification/" + email.id(),
                        new NotificationSent(email.id(), email.customerId(), "EMAIL", email.template(), email.recipient(),
                                email.subject(), email.causeEventId(), clock.instant()));
                meters.counter("notifications.sent", "channel", "EMAIL").increment();
            } else {
                recordFailure(email, error);
            }
        }
        return batch.size();
    }

    private void recordFailure(Notifications.Notification email, Exception error) {
        boolean last = email.attempts() + 1 >= maxAttempts;
        log.warn("Email {} to {} failed (attempt {}): {}", email.id(), email.recipient(), email.attempts() + 1, error.toString());
        notifications.markAttemptFailed(email.id(), error.toString(), last);
        if (last) {
            outbox.add(EventCatalog.NOTIFICATION_FAILED, email.customerId(), "notification/" + email.id(),
                    new NotificationFailed(email.id(), email.customerId(), "EMAIL", email.template(),
                            email.recipient(), error.toString(), email.causeEventId(), clock.instant()));
            meters.counter("notifications.failed", "channel", "EMAIL").increment();
        }
    }

    private MimeMessage message(Notifications.Notification email) throws MessagingException {
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(email.recipient());
        helper.setSubject(email.subject());
        helper.setText(email.body(), false);
        message.saveChanges();
        message.setHeader("Message-ID", "<" + email.id() + "@billing-platform>");
        message.setHeader("X-Notification-Id", email.id().toString());
        return message;
    }
}
