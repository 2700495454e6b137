package dev.billing.notification.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One SMTP connection for a batch of emails: opened by the first message, kept for the next ones (one
 * handshake per batch, not per email), closed after the batch or after a failure. Host, port and
 * credentials are Boot's {@code spring.mail.*} settings as held by its {@link JavaMailSenderImpl}.
 */
final class SmtpConnection implements AutoCloseable {
    private final JavaMailSenderImpl settings;
    private Transport transport;

    SmtpConnection(JavaMailSenderImpl settings) {
        this.settings = settings;
    }

    /** Hands one saved message to the server; returns once the server has accepted it. */
    void send(MimeMessage message) throws MessagingException {
        if (transport == null) {
            Transport opened = settings.getSession().getTransport(settings.getProtocol());
            // as JavaMailSenderImpl does: an empty user name means no credentials, so no AUTH is tried
            String user = settings.getUsername() == null || settings.getUsername().isEmpty() ? null : settings.getUsername();
            opened.connect(settings.getHost(), settings.getPort(), user, user == null ? null : settings.getPassword());
            transport = opened;
        }
        transport.sendMessage(message, message.getAllRecipients());
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // QUIT failed: the server or the network already dropped the connection; nothing was in flight
            }
            transport = null;
        }
    }
}
