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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A kill -9 of invoice-service while it issues a billing run's invoices in batches: 5,000
 * subscriptions on one cut date, invoice-service killed once it has committed some of them and
 * started again. Afterwards every request has exactly one invoice and one {@code InvoiceIssued}
 * (an event the relay sent before the kill but had not marked may come again, with its id), and the
 * numbers run from 1 to 5,000 without a gap: a batch cut short by the kill gave its numbers back.
 */
class InvoiceServiceCrashSystemIT {
    private static final int SUBSCRIPTIONS = 5_000;

    @Test
    void aKilledInvoiceServiceIssuesEveryRequestExactlyOnceWithGaplessNumbersAfterItsRestart() throws Exception {
        try (Platform platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 19080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE), true, null, null, null, null, null, 0,
                Map.of("BILLING_RUN_INTERVAL", "24h", "INVOICE_DOCUMENTS_BACKGROUND_RENDERING", "false")))) {
            ApiClient billing = ApiClient.of(platform, platform.url(PlatformService.BILLING));
            LocalDate cut = Instant.parse(billing.get("/api/test-clock").json().get("now").asString())
                    .atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);
            LoadedSubscriptions.load(platform, SUBSCRIPTIONS, SUBSCRIPTIONS / 5, cut, 1);
            List<String> expectedIds = ExactlyOnce.subscriptionIds(platform);

            Thread run = new Thread(() -> billing.put("/api/test-clock", "{\"now\":\"" + cut.atTime(6, 0).toInstant(ZoneOffset.UTC) + "\"}"));
            run.start();
            long issuedAtKill;
            try (Connection invoices = invoiceDatabase(platform)) {
                issuedAtKill = Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                        .until(() -> count(invoices, "select count(*) from invoice"), n -> n > 0);
                platform.restart(PlatformService.INVOICE, true);
            }
            run.join();
            // the kill has to land while work is left, or this test proves nothing
            assertThat(issuedAtKill).isLessThan(SUBSCRIPTIONS);

            try (Connection invoices = invoiceDatabase(platform)) {
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                        .until(() -> count(invoices, "select count(*) from invoice"), n -> n >= SUBSCRIPTIONS);
                List<ConsumerRecord<String, String>> issued;
                try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.INVOICE)) {
                    kafka.await(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()), SUBSCRIPTIONS, Duration.ofMinutes(3));
                    // room for a late duplicate to show up
                    issued = kafka.drain(Duration.ofSeconds(3)).stream().filter(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()))
                            .toList();
                }
                ExactlyOnce exactlyOnce = ExactlyOnce.of(expectedIds, issued, "subscriptionId");
                assertThat(exactlyOnce.holds()).as(exactlyOnce.line()).isTrue();
                assertThat(count(invoices, "select count(*) from invoice")).isEqualTo(SUBSCRIPTIONS);
                assertThat(count(invoices, "select count(distinct request_id) from invoice")).isEqualTo(SUBSCRIPTIONS);
                assertThat(count(invoices, "select count(distinct number) from invoice")).isEqualTo(SUBSCRIPTIONS);
                assertThat(count(invoices, "select max(substring(number from '[0-9]+$')::int) from invoice")).isEqualTo(SUBSCRIPTIONS);
            }
        }
    }

    private static Connection invoiceDatabase(Platform platform) throws SQLException {
        return DriverManager.getConnection(platform.environmentOf(PlatformService.INVOICE).get("DB_URL"),
                PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
