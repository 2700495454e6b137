package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.KafkaProbe;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The first flow across processes: billing, invoice and notification services and the gateway, each
 * its own JVM, on a real Kafka broker, PostgreSQL and SMTP server. A customer and a subscription are
 * created through the gateway, the test clock passes the cut date, and the invoice email arrives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstFlowSystemIT {
    private static final long RELAY_LOCK = dev.billing.support.events.OutboxRelay.RELAY_LOCK;
    private static Platform platform;
    private static ApiClient gateway;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 18080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.NOTIFICATION), true,
                null, null, null, null, null, 0, Map.of("PUBLIC_BASE_URL", "http://localhost:18080")));
        gateway = ApiClient.of(platform, platform.gatewayUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static Instant platformNow() {
        return Instant.parse(gateway.get("/api/test-clock").json().get("now").asString());
    }

    private static String customer(String email, String language) {
        ApiClient.Response response = gateway.post("/api/customers", ApiClient.json(Map.of("name", "Acme Social Ltd.",
                "email", email, "phone", "+441234567890", "language", language, "timeZone", "Europe/London",
                "paymentTermDays", 10)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static void subscription(String customerId, LocalDate start) {
        ApiClient.Response response = gateway.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId,
                "description", "Social media consulting", "unitPrice", "1200.00", "currency", "EUR", "taxRate", "20",
                "interval", "MONTHLY", "startDate", start.toString())));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static void moveClockTo(Instant now) {
        ApiClient.Response response = gateway.put("/api/test-clock", "{\"now\":\"" + now + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static List<MimeMessage> mailTo(String address, int atLeast, Duration wait) throws Exception {
        return Eventually.await(() -> platform.mail().received().stream().filter(m -> recipient(m).equals(address)).toList(),
                found -> found.size() >= atLeast, wait);
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void cutDateLeadsToOneIssuedInvoiceAndOneEmail() throws Exception {
        String address = "finance@acme.example";
        String customerId = customer(address, "en");
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(5);
        subscription(customerId, start);

        moveClockTo(start.atTime(9, 0).toInstant(ZoneOffset.UTC));

        List<MimeMessage> mails = mailTo(address, 1, Duration.ofSeconds(60));
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).matches("Your invoice INV-\\d{4}-000001");
        String body = dev.billing.support.testing.MailText.plain(mails.get(0));
        assertThat(body).contains("1,440.00 EUR");

        JsonNode invoices = gateway.get("/api/invoices?customerId=" + customerId).json();
        assertThat(invoices.size()).isEqualTo(1);
        JsonNode invoice = invoices.get(0);
        assertThat(invoice.get("status").asString()).isEqualTo("ISSUED");
        assertThat(invoice.get("total").asString()).isEqualTo("1440.00");
        assertThat(invoice.get("dueDate").asString()).isEqualTo(start.plusDays(10).toString());
        assertThat(gateway.get("/api/invoices/" + invoice.get("id").asString()).status()).isEqualTo(200);
        ApiClient.Response pdf = gateway.get("/api/invoices/" + invoice.get("id").asString() + "/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).startsWith("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF");
        // the customer is not staff: /api/** refuses them, the signed link in the email opens the PDF without a login
        assertThat(gateway.anonymous().get("/api/invoices/" + invoice.get("id").asString() + "/pdf").status()).isEqualTo(401);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://localhost:18080(/d/[A-Za-z0-9_.-]+)").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        ApiClient.Response linked = gateway.anonymous().get(link.group(1));
        assertThat(linked.status()).isEqualTo(200);
        assertThat(linked.header("Content-Type")).startsWith("application/pdf");
        assertThat(linked.body()).startsWith("%PDF");
        String tampered = link.group(1).substring(0, link.group(1).length() - 2) + (link.group(1).endsWith("A") ? "BB" : "AA");
        assertThat(gateway.anonymous().get(tampered).status()).isEqualTo(404);
        assertThat(gateway.get("/api/notifications?customerId=" + customerId).json().size()).isEqualTo(2);
        // one trace follows the invoice from the cut date (billing-service) to the email (notification-service)
        try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.BILLING, Topics.INVOICE, Topics.NOTIFICATION)) {
            List<String> traces = kafka.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> r.key().equals(customerId))
                    .filter(KafkaProbe.ofType(EventCatalog.INVOICE_REQUESTED.type())
                            .or(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()))
                            .or(KafkaProbe.ofType(EventCatalog.NOTIFICATION_SENT.type())))
                    .map(r -> KafkaProbe.header(r, "traceparent"))
                    .toList();
            assertThat(traces).hasSizeGreaterThanOrEqualTo(3).doesNotContainNull();
            assertThat(traces.stream().map(t -> t.split("-")[1]).distinct()).as("trace ids of %s", traces).hasSize(1);
        }

        // the same cut date processed again yields nothing new: the subscription is put back before its cut date, as
        // after a restore, so that only billing's billed_period guard stands between this run and a second invoice
        try (Connection db = DriverManager.getConnection(platform.environmentOf(PlatformService.BILLING).get("DB_URL"),
                PostgresServer.USER, PostgresServer.PASSWORD);
             Statement sql = db.createStatement()) {
            assertThat(sql.executeUpdate("update subscription set periods_billed = 0, next_cut_date = '" + start
                    + "' where customer_id = '" + customerId + "'")).isEqualTo(1);
        }
        moveClockTo(start.atTime(10, 0).toInstant(ZoneOffset.UTC));
        // the guard is billing's: no second InvoiceRequested at all (invoice-service's request-id check never comes into play)
        try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.BILLING)) {
            assertThat(kafka.drain(Duration.ofSeconds(3)).stream().filter(KafkaProbe.ofType(EventCatalog.INVOICE_REQUESTED.type()))
                    .filter(r -> r.key().equals(customerId))).hasSize(1);
        }
        assertThat(mailTo(address, 2, Duration.ofSeconds(5))).hasSize(1);
        assertThat(gateway.get("/api/invoices?customerId=" + customerId).json().size()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void invoiceServiceKilledBetweenCommitAndPublishLosesNothing() throws Exception {
        String address = "crash@acme.example";
        String customerId = customer(address, "en");
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(3);
        subscription(customerId, start);
        String invoiceDb = platform.environmentOf(PlatformService.INVOICE).get("DB_URL");

        try (Connection db = DriverManager.getConnection(invoiceDb, PostgresServer.USER, PostgresServer.PASSWORD);
             Statement sql = db.createStatement()) {
            // holding the relay's lock lets the invoice commit while keeping its event from being published
            sql.execute("select pg_advisory_lock(" + RELAY_LOCK + ")");
            moveClockTo(start.atTime(9, 0).toInstant(ZoneOffset.UTC));
            assertThat(awaitCount(sql, "select count(*) from outbox_event where event_type = '"
                    + EventCatalog.INVOICE_ISSUED.type() + "' and message_key = '" + customerId + "' and published_at is null"))
                    .isEqualTo(1);
            platform.process(PlatformService.INVOICE).kill();
        }
        assertThat(mailTo(address, 1, Duration.ofSeconds(2))).isEmpty();

        platform.restart(PlatformService.INVOICE, true);

        assertThat(mailTo(address, 1, Duration.ofSeconds(60))).hasSize(1);
        assertThat(mailTo(address, 2, Duration.ofSeconds(3))).hasSize(1);
        try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.INVOICE)) {
            assertThat(kafka.drain(Duration.ofSeconds(2)).stream()
                    .filter(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()))
                    .filter(r -> r.key().equals(customerId))).hasSize(1);
        }
        assertThat(gateway.get("/api/invoices?customerId=" + customerId).json().size()).isEqualTo(1);

        // a crash after the send but before the row was marked: the relay sends the event again, the consumer sees it
        // twice, the email goes once
        double consumedBefore = consumed("notification-invoice", EventCatalog.INVOICE_ISSUED.type());
        try (Connection db = DriverManager.getConnection(invoiceDb, PostgresServer.USER, PostgresServer.PASSWORD);
             Statement sql = db.createStatement()) {
            assertThat(sql.executeUpdate("update outbox_event set published_at = null where event_type = '"
                    + EventCatalog.INVOICE_ISSUED.type() + "' and message_key = '" + customerId + "'")).isEqualTo(1);
        }
        try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.INVOICE)) {
            List<ConsumerRecord<String, String>> issued = kafka.await(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type())
                    .and(r -> r.key().equals(customerId)), 2, Duration.ofSeconds(20));
            assertThat(issued).hasSize(2);
            assertThat(issued.stream().map(r -> KafkaProbe.header(r, CloudEventHeaders.ID)).distinct()).hasSize(1);
        }
        assertThat(Eventually.await(() -> consumed("notification-invoice", EventCatalog.INVOICE_ISSUED.type()),
                n -> n >= consumedBefore + 1, Duration.ofSeconds(20))).isGreaterThanOrEqualTo(consumedBefore + 1);
        assertThat(mailTo(address, 2, Duration.ofSeconds(3))).hasSize(1);
    }

    /** The service's {@code events_consumed_total} for a consumer and type: every message handled, duplicates included. */
    private double consumed(String consumer, String type) {
        String metrics = ApiClient.of(platform, platform.managementUrl(PlatformService.NOTIFICATION)).get("/actuator/prometheus").body();
        return metrics.lines().filter(l -> l.startsWith("events_consumed_total{") && l.contains("consumer=\"" + consumer + "\"")
                        && l.contains("type=\"" + type + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    @Order(3)
    void aDatabaseOutageDuringABillingRunEndsWithEachInvoiceEventAndEmailOnce() throws Exception {
        int count = 300;
        LocalDate start = platformNow().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(10);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customerId = customer("outage-" + i + "@acme.example", "en");
            subscription(customerId, start);
            customers.add(customerId);
        }
        Instant cut = start.atTime(9, 0).toInstant(ZoneOffset.UTC);

        // PostgreSQL (every service's database) goes away hard for 15 s, two seconds into the run
        Thread outage = new Thread(() -> {
            try {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                platform.restartPostgres(Duration.ofSeconds(15));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        outage.start();
        ApiClient.Response moved = gateway.put("/api/test-clock", "{\"now\":\"" + cut + "\"}");
        outage.join();
        if (moved.status() != 200) {
            // the run was cut short by the outage: asking for the same move again completes it
            moveClockTo(cut);
        }

        String invoiceDb = platform.environmentOf(PlatformService.INVOICE).get("DB_URL");
        try (Connection db = DriverManager.getConnection(invoiceDb, PostgresServer.USER, PostgresServer.PASSWORD)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> invoicesOf(db, customers) == count);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> outageMails().size() >= count);
        try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.INVOICE,
                Topics.deadLetter(Topics.BILLING), Topics.deadLetter(Topics.INVOICE))) {
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records = kafka.drain(Duration.ofSeconds(3));
            assertThat(records.stream().filter(r -> r.topic().endsWith(".dlq")).filter(r -> customers.contains(r.key())))
                    .as("dead letters").isEmpty();
            assertThat(records.stream().filter(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()))
                    .filter(r -> customers.contains(r.key())).map(r -> KafkaProbe.header(r, CloudEventHeaders.ID)).distinct())
                    .as("distinct InvoiceIssued events").hasSize(count);
        }
        try (Connection db = DriverManager.getConnection(invoiceDb, PostgresServer.USER, PostgresServer.PASSWORD)) {
            assertThat(invoicesOf(db, customers)).isEqualTo(count);
        }
        // a moment more for any late duplicate to show up before counting each address
        assertThat(mailTo("outage-0@acme.example", 2, Duration.ofSeconds(3))).hasSize(1);
        assertThat(outageMails()).hasSize(count);
        assertThat(outageMails().stream().distinct()).hasSize(count);
    }

    private static long invoicesOf(Connection db, List<String> customers) throws Exception {
        try (java.sql.PreparedStatement query = db.prepareStatement("select count(*) from invoice where customer_id::text = any(?)")) {
            query.setArray(1, db.createArrayOf("text", customers.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> outageMails() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (MimeMessage m : platform.mail().received()) {
            String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
            if (to.startsWith("outage-")) {
                recipients.add(to);
            }
        }
        return recipients;
    }

    private static long awaitCount(Statement sql, String query) {
        return Eventually.await(() -> {
            try (ResultSet rs = sql.executeQuery(query)) {
                rs.next();
                return rs.getLong(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, count -> count > 0, Duration.ofSeconds(30));
    }
}
