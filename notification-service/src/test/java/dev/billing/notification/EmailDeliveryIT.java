package dev.billing.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.Topics;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.MailText;
import dev.billing.support.time.PlatformClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.JsonNode;

/** Email delivery when SMTP or the database fails, and the re-drive of FAILED emails. */
@IntegrationTest
class EmailDeliveryIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformClock clock;
    @Autowired
    JavaMailSenderImpl mailSender;
    @Autowired
    MeterRegistry meters;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.NOTIFICATION);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void emailsQueuedWhileSmtpIsDownAreDeliveredOnceWhenItIsBackAndNoneIsGivenUp() {
        String domain = "@outage-" + UUID.randomUUID() + ".test";
        int smtpPort = mailSender.getPort();
        mailSender.setPort(deadPort());
        try {
            for (int i = 0; i < 8; i++) {
                UUID customer = UUID.randomUUID();
                InvoiceIssued issued = NotificationIT.invoice(customer, customer + domain, "en");
                NotificationIT.sendDocument(kafka, customer, issued.invoiceId(), "INVOICE", issued.number());
                kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                        EventJson.write(issued));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(domain).values().stream().mapToLong(Long::longValue).sum() == 8
                    && breakerIs("open"));
            int attemptsWhenOpened = attempts(domain);
            // an email that failed waits for its back-off (30 s after the first attempt) before it is due again
            assertThat(attemptedAndDue(domain)).isZero();

            // ten minutes of outage, one minute at a time: each minute ends the breaker's open state once
            int minutes = 10;
            for (int i = 0; i < minutes; i++) {
                int before = attempts(domain);
                moveClock(Duration.ofSeconds(61));
                // the trial's claim first, then its outcome: read the other way round, a claim between the two reads passes
                await().atMost(Duration.ofSeconds(30)).until(() -> (attempts(domain) > before || dueEmails(domain) == 0)
                        && count(domain, "SENDING") == 0);
            }
            // only the breaker's trial calls were attempts, at most one per minute; none was given up
            assertThat(attempts(domain) - attemptsWhenOpened).isBetween(1, minutes);
            assertThat(statuses(domain)).containsOnlyKeys("PENDING");
            assertThat(breakerIs("open")).isTrue();
        } finally {
            mailSender.setPort(smtpPort);
        }

        moveClock(Duration.ofMinutes(31)); // past the longest back-off and the breaker's wait
        await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "SENT") == 8);
        assertThat(statuses(domain)).containsOnlyKeys("SENT");
        Map<String, Long> perRecipient = mailsTo(domain).stream()
                .collect(Collectors.groupingBy(EmailDeliveryIT::recipient, Collectors.counting()));
        assertThat(perRecipient).hasSize(8).allSatisfy((recipient, mails) -> assertThat(mails).isEqualTo(1));
        assertThat(breakerIs("closed")).isTrue();
    }

    @Test
    void anInvoiceEmailWaitsForItsPdfAndGoesWithTheLinkAloneOnceTheWaitIsOver() throws Exception {
        String domain = "@document-" + UUID.randomUUID() + ".test";
        InvoiceIssued awaited = NotificationIT.invoice(UUID.randomUUID(), "awaited" + domain, "en");
        InvoiceIssued neverRendered = NotificationIT.invoice(UUID.randomUUID(), "never" + domain, "en");
        for (InvoiceIssued issued : List.of(awaited, neverRendered)) {
            kafka.send(Topics.INVOICE, issued.customerId().toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                    EventJson.write(issued));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "PENDING") == 2);
        // queued for when the wait (30 minutes) is over, not now
        assertThat(dueEmails(domain)).isZero();

        NotificationIT.sendDocument(kafka, awaited.customerId(), awaited.invoiceId(), "INVOICE", awaited.number());
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(domain).size() == 1);
        MimeMessage withPdf = mailsTo(domain).get(0);
        assertThat(recipient(withPdf)).isEqualTo("awaited" + domain);
        assertThat(NotificationIT.attachment(withPdf).getValue()).isEqualTo(NotificationIT.PDF);

        double missingBefore = meters.counter("notifications.attachments.missing").count();
        moveClock(Duration.ofMinutes(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "SENT") == 2);
        MimeMessage linkOnly = mailsTo(domain).stream().filter(m -> recipient(m).equals("never" + domain)).findFirst().orElseThrow();
        assertThat(MailText.parts(linkOnly)).noneMatch(part -> {
            try {
                return jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(MailText.plain(linkOnly)).contains("http://localhost:8080/d/");
        assertThat(meters.counter("notifications.attachments.missing").count()).isEqualTo(missingBefore + 1);
    }

    @Test
    void databaseFailureAfterTheHandOffRepeatsOnlyThatEmailWithTheSameMessageId() throws Exception {
        String domain = "@db-failure-" + UUID.randomUUID() + ".test";
        // the third SENT outcome of these emails fails in the database, once: the SMTP server has the email by then
        jdbc.sql("create sequence sent_outcomes").update();
        jdbc.sql("""
                create function fail_third_sent_outcome() returns trigger language plpgsql as $$
                begin
                    if nextval('sent_outcomes') = 3 then
                        raise exception 'injected: the database fails while the outcome is recorded';
                    end if;
                    return new;
                end $$""").update();
        jdbc.sql("create trigger fail_third_sent_outcome before update on notification for each row "
                + "when (new.status = 'SENT' and new.recipient like '%" + domain + "') "
                + "execute function fail_third_sent_outcome()").update();
        UUID unrecorded;
        try {
            queueEmails(domain, 5, "PENDING"); // one commit: all five go out in one batch over one connection
            await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "SENT") == 4 && count(domain, "SENDING") == 1);
            unrecorded = jdbc.sql("select id from notification where status = 'SENDING' and recipient like '%' || :domain")
                    .param("domain", domain).query(UUID.class).single();
            assertThat(mailsTo(domain)).hasSize(5);
        } finally {
            jdbc.sql("drop trigger fail_third_sent_outcome on notification").update();
            jdbc.sql("drop function fail_third_sent_outcome()").update();
            jdbc.sql("drop sequence sent_outcomes").update();
        }

        moveClock(Duration.ofMinutes(6)); // the unrecorded email's lease (5 minutes) runs out
        await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "SENT") == 5);
        List<MimeMessage> mails = mailsTo(domain);
        assertThat(mails).hasSize(6);
        String repeatedTo = jdbc.sql("select recipient from notification where id = :id").param("id", unrecorded)
                .query(String.class).single();
        List<MimeMessage> repeated = mails.stream().filter(m -> recipient(m).equals(repeatedTo)).toList();
        assertThat(repeated).hasSize(2);
        for (MimeMessage mail : repeated) {
            assertThat(mail.getMessageID()).isEqualTo("<" + unrecorded + "@billing-platform>");
        }
        assertThat(mails.stream().map(EmailDeliveryIT::recipient).distinct()).hasSize(5);
    }

    @Test
    void failedEmailIsRetriedOnRequestAndSent() {
        String domain = "@retry-" + UUID.randomUUID() + ".test";
        UUID id = queueEmails(domain, 1, "FAILED").get(0);

        ApiClient.Response retried = api.post("/api/notifications/" + id + "/retry", "");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(retried.json().get("attempts").asInt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "SENT") == 1);
        assertThat(mailsTo(domain)).hasSize(1);

        ApiClient.Response notFailed = api.post("/api/notifications/" + id + "/retry", "");
        assertThat(notFailed.status()).isEqualTo(409);
        assertThat(notFailed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(notFailed.json().get("field").asString()).isEqualTo("status");
        assertThat(api.post("/api/notifications/" + UUID.randomUUID() + "/retry", "").status()).isEqualTo(404);
        assertThat(api.post("/api/notifications/not-a-uuid/retry", "").json().get("field").asString()).isEqualTo("id");
    }

    @Test
    void everyFailedEmailIsRetriedOnRequest() {
        String domain = "@retry-all-" + UUID.randomUUID() + ".test";
        queueEmails(domain, 3, "FAILED");

        JsonNode answer = api.post("/api/notifications/retry-failed", "").json();
        assertThat(answer.get("retried").asInt()).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(domain, "SENT") == 3);
        assertThat(mailsTo(domain)).hasSize(3);
    }

    /** Emails in the given state, due now, inserted in one statement; returns their ids. */
    private List<UUID> queueEmails(String domain, int count, String status) {
        List<UUID> ids = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
            values.append(i == 0 ? "" : ", ").append("(cast(:id").append(i).append(" as uuid), gen_random_uuid(), 'EMAIL', "
                    + "'invoice-issued', :recipient").append(i).append(", 'Your invoice', 'Dear customer', gen_random_uuid()::text, "
                    + ":status, :attempts, :now, :now)");
        }
        JdbcClient.StatementSpec insert = jdbc.sql("insert into notification (id, customer_id, channel, template, recipient, "
                        + "subject, body, cause_event_id, status, attempts, created_at, next_attempt_at) values " + values)
                .param("status", status).param("attempts", status.equals("FAILED") ? 8 : 0)
                .param("now", Timestamp.from(clock.instant()));
        for (int i = 0; i < count; i++) {
            insert = insert.param("id" + i, ids.get(i).toString()).param("recipient" + i, "customer" + i + domain);
        }
        insert.update();
        return ids;
    }

    private void moveClock(Duration by) {
        ApiClient.Response moved = api.put("/api/test-clock", ApiClient.json(Map.of("now", clock.instant().plus(by).toString())));
        assertThat(moved.status()).isEqualTo(200);
    }

    private boolean breakerIs(String state) {
        Gauge gauge = meters.find("resilience4j.circuitbreaker.state").tags("name", "smtp", "state", state).gauge();
        return gauge != null && gauge.value() == 1;
    }

    private Map<String, Long> statuses(String domain) {
        return jdbc.sql("select status, count(*) from notification where recipient like '%' || :domain group by status")
                .param("domain", domain)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private long count(String domain, String status) {
        return statuses(domain).getOrDefault(status, 0L);
    }

    private int attempts(String domain) {
        return jdbc.sql("select coalesce(sum(attempts), 0) from notification where recipient like '%' || :domain")
                .param("domain", domain).query(Integer.class).single();
    }

    private long dueEmails(String domain) {
        return jdbc.sql("select count(*) from notification where recipient like '%' || :domain "
                        + "and status = 'PENDING' and next_attempt_at <= :now")
                .param("domain", domain).param("now", Timestamp.from(clock.instant())).query(Long.class).single();
    }

    private long attemptedAndDue(String domain) {
        return jdbc.sql("select count(*) from notification where recipient like '%' || :domain "
                        + "and attempts > 0 and next_attempt_at <= :now")
                .param("domain", domain).param("now", Timestamp.from(clock.instant())).query(Long.class).single();
    }

    private static List<MimeMessage> mailsTo(String domain) {
        return EmbeddedInfrastructure.mail().received().stream().filter(m -> recipient(m).endsWith(domain)).toList();
    }

    private static String recipient(MimeMessage mail) {
        try {
            return mail.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nobody listens on: connecting is refused, as with a mail server that is down. */
    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
