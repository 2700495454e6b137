package dev.billing.notification;

import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.invoice.InvoiceDocumentRendered;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Emails handed to SMTP per second; prints its figures, asserts nothing about time. Not part of {@code verify}:
 * {@code ./benchmark.sh emails [count]}. N (5,000) {@code InvoiceIssued} and their {@code InvoiceDocumentRendered} (a
 * 20 KB PDF each) go to Kafka pipelined; measured until the SMTP server (GreenMail, in this JVM) has accepted every
 * email: templates filled, the MIME message built with its HTML part, logo and PDF, handed over in batches of 50 per
 * connection. The provider's rate limit (notification.mail.rate-per-second, 100 by default) is lifted, so the figure is
 * what the service can do, not what it is allowed to.
 */
@IntegrationTest
@TestPropertySource(properties = "notification.mail.rate-per-second=1000000")
class EmailThroughputBenchmark {
    private static final int EMAILS = Integer.getInteger("benchmark.emails", 5_000);

    @Autowired
    JdbcClient jdbc;

    @Test
    void emailsHandedToSmtp() {
        String domain = "@throughput-" + UUID.randomUUID() + ".test";
        byte[] pdf = new byte[20 * 1024];
        new Random(7).nextBytes(pdf);
        List<KafkaProbe.Event> documents = new ArrayList<>(EMAILS);
        List<KafkaProbe.Event> invoices = new ArrayList<>(EMAILS);
        for (int i = 0; i < EMAILS; i++) {
            UUID customer = UUID.randomUUID();
            InvoiceIssued issued = NotificationIT.invoice(customer, "c" + i + domain, i % 3 == 0 ? "tr" : i % 3 == 1 ? "en" : "hu");
            documents.add(new KafkaProbe.Event(customer.toString(), UUID.randomUUID().toString(),
                    EventCatalog.INVOICE_DOCUMENT_RENDERED.type(), EventJson.write(new InvoiceDocumentRendered(issued.invoiceId(),
                    customer, "INVOICE", issued.number(), issued.number() + ".pdf", pdf, Instant.now()))));
            invoices.add(new KafkaProbe.Event(customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                    EventJson.write(issued)));
        }
        long start = System.nanoTime();
        try (KafkaProbe kafka = KafkaProbe.onEmbeddedBroker(Topics.NOTIFICATION)) {
            kafka.sendAll(Topics.INVOICE_DOCUMENTS, documents);
            kafka.sendAll(Topics.INVOICE, invoices);
        }
        double published = seconds(start);
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500)).until(() -> sent(domain) == EMAILS);
        double total = seconds(start);
        long accepted = EmbeddedInfrastructure.mail().received().stream().filter(m -> recipient(m).endsWith(domain)).count();
        Timestamp firstSent = jdbc.sql("select min(sent_at) from notification where channel = 'EMAIL' and recipient like '%' || :d")
                .param("d", domain).query(Timestamp.class).single();
        Timestamp lastSent = jdbc.sql("select max(sent_at) from notification where channel = 'EMAIL' and recipient like '%' || :d")
                .param("d", domain).query(Timestamp.class).single();
        double sending = Duration.between(firstSent.toInstant(), lastSent.toInstant()).toMillis() / 1000.0;

        System.out.println();
        System.out.println("=== email throughput benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
        System.out.printf("events published (document + InvoiceIssued): %d in %.1f s%n", 2 * EMAILS, published);
        System.out.printf("emails accepted by SMTP:  %d (with a %d KB PDF each), the last %.1f s after the first event%n",
                accepted, pdf.length / 1024, total);
        System.out.printf("emails per second, first event -> last email accepted: %.0f%n", EMAILS / total);
        System.out.printf("emails per second handed to SMTP (first -> last hand-off, %.1f s): %.0f%n", sending,
                EMAILS / Math.max(sending, 0.001));
        System.out.println("=== end ===");
    }

    private long sent(String domain) {
        return jdbc.sql("select count(*) from notification where channel = 'EMAIL' and status = 'SENT' and recipient like '%' || :d")
                .param("d", domain).query(Long.class).single();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String recipient(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
