package dev.billing.notification.email;

import dev.billing.notification.delivery.Courier;
import dev.billing.notification.document.Attachments;
import dev.billing.notification.panel.Notifications;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Emails over SMTP ({@code spring.mail.*}): one connection per batch. Each email is multipart: plain text and HTML
 * ({@link HtmlEmail}) with the {@link Agency}'s name, contact details and logo (inline), and the document it
 * announces attached ({@link Attachments}) when that came. Its Message-ID is derived
 * from its notification id, so an email sent again after a lost outcome is recognisably the same one.
 */
@Component
class SmtpCourier implements Courier {
    private static final Logger log = LoggerFactory.getLogger(SmtpCourier.class);
    private final JavaMailSenderImpl mail;
    private final String from;
    private final Clock clock;
    private final int ratePerSecond;
    private final Agency agency;
    private final Attachments attachments;
    private final Counter withoutDocument;

    SmtpCourier(JavaMailSenderImpl mail, @Value("${notification.mail.from}") String from, Clock clock,
                @Value("${notification.mail.rate-per-second:100}") int ratePerSecond, Agency agency, Attachments attachments,
                MeterRegistry meters) {
        this.agency = agency;
        this.attachments = attachments;
        java.util.Properties properties = mail.getJavaMailProperties();
        properties.putIfAbsent("mail.smtp.socketFactory", new NoDelaySockets());
        mail.setJavaMailProperties(properties); // and forgets a session made before
        this.withoutDocument = Counter.builder("notifications.attachments.missing")
                .description("emails sent without the document they announce (it did not come in time, or was too large)")
                .register(meters);
        this.mail = mail;
        this.from = from;
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
    }

    @Override
    public String channel() {
        return "EMAIL";
    }

    @Override
    public String provider() {
        return "smtp";
    }

    @Override
    public int ratePerSecond() {
        return ratePerSecond;
    }

    @Override
    public Courier.Session open() {
        SmtpConnection smtp = new SmtpConnection(mail);
        return new Courier.Session() {
            @Override
            public String deliver(Notifications.Notification email) throws MessagingException {
                MimeMessage message = message(email);
                smtp.send(message);
                return message.getMessageID();
            }

            @Override
            public void broken() {
                smtp.close();
            }

            @Override
            public void close() {
                smtp.close();
            }
        };
    }

    private MimeMessage message(Notifications.Notification email) throws MessagingException {
        MimeMessage message = new IdentifiedMessage(mail.getSession(), "<" + email.id() + "@billing-platform>");
        MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
        helper.setFrom(from);
        helper.setTo(email.recipient());
        helper.setSubject(email.subject());
        boolean withLogo = agency.logo() != null;
        helper.setText(HtmlEmail.plain(email.body(), agency.name(), agency.contact()),
                HtmlEmail.render(email.subject(), email.body(), agency.name(), agency.contact(), withLogo));
        if (withLogo) {
            helper.addInline(HtmlEmail.LOGO_ID, new ByteArrayResource(agency.logo()), agency.logoType());
        }
        Optional<Attachments.Document> document = attachments.of(email.id());
        if (document.isPresent() && document.get().content() != null) {
            helper.addAttachment(document.get().filename(), new ByteArrayResource(document.get().content()), "application/pdf");
        } else if (document.isPresent()) {
            withoutDocument.increment();
            log.warn("Email {} goes without the document it announces (not received in time, or too large); its text links to it",
                    email.id());
        }
        helper.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Notification-Id", email.id().toString());
        message.saveChanges();
        return message;
    }

    /** Keeps the Message-ID derived from the notification: JavaMail would make up a new one on every save. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMessage(jakarta.mail.Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
