package dev.billing.support.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parts of a received email as a mail client shows them: its plain text, its HTML, its inline images. */
public final class MailText {
    private MailText() {
    }

    /** The text/plain part (the email's only text when it is not multipart). */
    public static String plain(Part mail) {
        return first(mail, "text/plain").orElseThrow(() -> new AssertionError("the email has no text/plain part"));
    }

    public static String html(Part mail) {
        return first(mail, "text/html").orElseThrow(() -> new AssertionError("the email has no text/html part"));
    }

    /** Every part of the email, depth first, multiparts opened. */
    public static List<Part> parts(Part mail) {
        List<Part> parts = new ArrayList<>();
        collect(mail, parts);
        return parts;
    }

    private static Optional<String> first(Part mail, String type) {
        try {
            for (Part part : parts(mail)) {
                if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                    return Optional.of(part.getContent().toString().replace("\r\n", "\n")); // MIME's line ends, as a client shows them
                }
            }
            return Optional.empty();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Part part, List<Part> parts) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, parts);
                }
            } else {
                parts.add(part);
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
