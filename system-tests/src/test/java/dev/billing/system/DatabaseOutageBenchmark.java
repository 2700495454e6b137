package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.KafkaProbe;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A billing run through a database outage, as an operator would cause one: N subscriptions (2,000) on
 * one cut date, the clock moved, and PostgreSQL (every service's database) stopped hard two seconds
 * later for D seconds (60). Prints how long after the database's return the run ended, and what it
 * left: invoices, InvoiceIssued events (all and distinct), emails per address, dead letters, and
 * whether every expected InvoiceIssued was seen exactly once (asserted). Asserts nothing about time. Not part of {@code verify}: {@code ./benchmark.sh outage [subscriptions] [seconds]}.
 */
class DatabaseOutageBenchmark {

    @Test
    void billingRunThroughADatabaseOutage() throws Exception {
        int subscriptions = Integer.getInteger("benchmark.subscriptions", 2_000);
        Duration outage = Duration.ofSeconds(Integer.getInteger("benchmark.outage-seconds", 60));
        try (Platform platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 16080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.NOTIFICATION), true,
                null, null, null, null, null, 0, Map.of("BILLING_RUN_INTERVAL", "24h", "INVOICE_DOCUMENTS_BACKGROUND_RENDERING", "false",
                        // no PDFs are rendered, so the emails must not wait for them
                        "NOTIFICATION_DOCUMENT_WAIT", "0s")))) {
            ApiClient billing = ApiClient.of(platform, platform.url(PlatformService.BILLING));
            LocalDate cut = Instant.parse(billing.get("/api/test-clock").json().get("now").asString())
                    .atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);
            LoadedSubscriptions.load(platform, subscriptions, subscriptions, cut, 1);
            List<String> expectedIds = ExactlyOnce.subscriptionIds(platform);

            Instant moveTo = cut.atTime(6, 0).toInstant(ZoneOffset.UTC);
            long[] back = new long[1];
            Thread stop = new Thread(() -> {
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // two seconds into the run
                try {
                    platform.restartPostgres(outage);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                back[0] = System.nanoTime();
            });
            stop.start();
            boolean repeated;
            try {
                repeated = billing.put("/api/test-clock", "{\"now\":\"" + moveTo + "\"}").status() != 200;
            } catch (IllegalStateException timedOut) {
                repeated = true; // the run waited for the database longer than the client waits for an answer
            }
            stop.join();
            if (repeated) {
                // the run was cut short: the same move again completes it
                billing.put("/api/test-clock", "{\"now\":\"" + moveTo + "\"}");
            }

            long invoices;
            long ended = 0;
            try (Connection db = DriverManager.getConnection(platform.environmentOf(PlatformService.INVOICE).get("DB_URL"),
                    PostgresServer.USER, PostgresServer.PASSWORD)) {
                try {
                    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                            .until(() -> count(db, "select count(*) from invoice") >= subscriptions
                                    && emails(platform).size() >= subscriptions);
                    ended = System.nanoTime();
                } catch (org.awaitility.core.ConditionTimeoutException notWithinTenMinutes) {
                    // reported below as "not within 10 minutes"
                }
                LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // room for late duplicates to show up
                invoices = count(db, "select count(*) from invoice");
            }
            List<ConsumerRecord<String, String>> records;
            try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.INVOICE,
                    Topics.deadLetter(Topics.BILLING), Topics.deadLetter(Topics.INVOICE))) {
                records = kafka.drain(Duration.ofSeconds(5));
            }
            List<ConsumerRecord<String, String>> issued = records.stream()
                    .filter(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type())).filter(r -> r.topic().equals(Topics.INVOICE)).toList();
            List<String> mails = emails(platform);
            ExactlyOnce exactlyOnce = ExactlyOnce.of(expectedIds, issued, "subscriptionId");
            System.out.println();
            System.out.println("=== database outage benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
            System.out.printf("%,d subscriptions on one cut date; PostgreSQL down %d s, two seconds into the run%s%n",
                    subscriptions, outage.toSeconds(), repeated ? " (the clock move was cut short and repeated)" : "");
            System.out.printf("run ended %s after the database's return%n",
                    ended == 0 ? "not within 10 minutes" : String.format("%.1f s", (ended - back[0]) / 1e9));
            System.out.printf("invoices: %,d; InvoiceIssued on the topic: %,d (%,d distinct events)%n", invoices, issued.size(),
                    issued.stream().map(r -> KafkaProbe.header(r, "ce_id")).distinct().count());
            System.out.printf("emails: %,d to %,d addresses; dead letters: %,d%n", mails.size(), new HashSet<>(mails).size(),
                    records.stream().filter(r -> r.topic().endsWith(".dlq")).count());
            System.out.println(exactlyOnce.line());
            System.out.println("=== end ===");
            assertThat(exactlyOnce.holds()).as(exactlyOnce.line()).isTrue();
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> emails(Platform platform) throws Exception {
        List<String> to = new java.util.ArrayList<>();
        for (MimeMessage m : platform.mail().received()) {
            to.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
        }
        return to;
    }
}
