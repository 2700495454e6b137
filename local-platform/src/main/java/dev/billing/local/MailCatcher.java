package dev.billing.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real SMTP server (GreenMail) that accepts every message. Received mail can be read on a small
 * web page and is also written as {@code .eml} files into a folder.
 */
public final class MailCatcher implements AutoCloseable {
    private final GreenMail greenMail;
    private final HttpServer page;
    private final Path folder;
    private int written;

    private MailCatcher(GreenMail greenMail, HttpServer page, Path folder) {
        this.greenMail = greenMail;
        this.page = page;
        this.folder = folder;
    }

    /** Starts SMTP on {@code smtpPort} and the mail page on {@code pagePort} (0 = no page). */
    public static MailCatcher start(int smtpPort, int pagePort, Path folder) {
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        HttpServer page = null;
        MailCatcher catcher;
        try {
            if (folder != null) {
                Files.createDirectories(folder);
            }
            if (pagePort > 0) {
                page = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 0);
            }
            catcher = new MailCatcher(greenMail, page, folder);
            if (page != null) {
                page.createContext("/", exchange -> {
                    byte[] body = catcher.html().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                page.start();
            }
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException(e);
        }
        return catcher;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> received() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** Writes messages not yet written to the folder; returns how many are there in all. */
    public synchronized int flushToFolder() {
        MimeMessage[] messages = greenMail.getReceivedMessages();
        if (folder != null) {
            for (; written < messages.length; written++) {
                try (OutputStream out = Files.newOutputStream(folder.resolve(String.format("%06d.eml", written + 1)))) {
                    messages[written].writeTo(out);
                } catch (IOException | MessagingException e) {
                    throw new IllegalStateException("Could not write received mail", e);
                }
            }
        }
        return messages.length;
    }

    private String html() {
        flushToFolder();
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Local mail</title>"
                + "<h1>Received mail</h1><p>Newest first. Also written to " + escape(String.valueOf(folder)) + "</p>");
        List<MimeMessage> messages = received();
        for (int i = messages.size() - 1; i >= 0; i--) {
            MimeMessage m = messages.get(i);
            try {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                m.writeTo(raw);
                html.append("<details><summary>").append(escape(m.getSubject())).append(" &rarr; ")
                        .append(escape(addresses(m.getAllRecipients()))).append("</summary><pre>")
                        .append(escape(raw.toString(StandardCharsets.UTF_8))).append("</pre></details>");
            } catch (IOException | MessagingException e) {
                html.append("<p>unreadable message: ").append(escape(e.getMessage())).append("</p>");
            }
        }
        return html.toString();
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        if (page != null) {
            page.stop(0);
        }
        greenMail.stop();
    }
}
