package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * One very large billing run: N monthly subscriptions ({@code benchmark.subscriptions}, 1,000,000;
 * N/5 accounts) on one cut date, one clock move. Nothing is read from Kafka (a test client holding a
 * million records would measure itself): progress and the end are read from the services' databases
 * every second, and the end is the last {@code InvoiceIssued} the invoice relay had Kafka acknowledge
 * ({@code outbox_event.published_at}). Prints the time to the last invoice and to the last published
 * {@code InvoiceIssued}, invoices per second, the highest resident memory of each service seen while
 * it ran, and whether each request has exactly one invoice and one published {@code InvoiceIssued}
 * (asserted). Not part of {@code verify}: {@code ./benchmark.sh one-cut-date [subscriptions]}.
 */
class OneCutDateBenchmark {

    @Test
    void oneCutDate() throws Exception {
        int subscriptions = Integer.getInteger("benchmark.subscriptions", 1_000_000);
        try (Platform platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 27080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE), true, null, null, null, null, null, 0,
                Map.of("BILLING_RUN_INTERVAL", "24h", "INVOICE_DOCUMENTS_BACKGROUND_RENDERING", "false")))) {
            ApiClient billing = ApiClient.of(platform, platform.url(PlatformService.BILLING));
            LocalDate cut = Instant.parse(billing.get("/api/test-clock").json().get("now").asString())
                    .atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);
            long loadStart = System.nanoTime();
            LoadedSubscriptions.load(platform, subscriptions, Math.max(1, subscriptions / 5), cut, 1);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long[] peak = {0, 0};
            Instant moved = Instant.now();
            // the run goes on in billing-service when the client stops waiting for the answer
            Thread move = new Thread(() -> {
                try {
                    billing.put("/api/test-clock", "{\"now\":\"" + cut.atTime(6, 0).toInstant(ZoneOffset.UTC) + "\"}");
                } catch (IllegalStateException timedOut) {
                    // the answer comes when the run is over; progress is read from the databases
                }
            });
            move.start();
            long invoices = 0;
            long published = 0;
            Instant lastPublished = null;
            try (Connection invoiceDb = connect(platform, PlatformService.INVOICE)) {
                long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
                while (System.nanoTime() < deadline && (invoices < subscriptions || published < subscriptions)) {
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // a sampling interval, not a wait for an event
                    peak[0] = Math.max(peak[0], platform.process(PlatformService.BILLING).residentMegabytes());
                    peak[1] = Math.max(peak[1], platform.process(PlatformService.INVOICE).residentMegabytes());
                    invoices = count(invoiceDb, "select count(*) from invoice");
                    published = count(invoiceDb, "select count(*) from outbox_event where event_type = 'invoice.issued.v1'"
                            + " and published_at is not null");
                }
                try (ResultSet rs = invoiceDb.createStatement().executeQuery(
                        "select max(published_at) from outbox_event where event_type = 'invoice.issued.v1'")) {
                    rs.next();
                    lastPublished = rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant();
                }
                move.join();
                long distinctRequests = count(invoiceDb, "select count(distinct request_id) from invoice");
                long issuedEvents = count(invoiceDb, "select count(distinct subject) from outbox_event"
                        + " where event_type = 'invoice.issued.v1' and published_at is not null");
                double seconds = lastPublished == null ? Double.NaN : Duration.between(moved, lastPublished).toMillis() / 1000.0;
                boolean exactlyOnce = invoices == subscriptions && distinctRequests == subscriptions && issuedEvents == subscriptions
                        && published == subscriptions;
                System.out.println();
                System.out.println("=== one-cut-date benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
                System.out.printf("loaded %,d subscriptions on one cut date in %.1f s%n", subscriptions, loadSeconds);
                System.out.printf("invoices: %,d for %,d distinct requests; InvoiceIssued published: %,d for %,d invoices%n",
                        invoices, distinctRequests, published, issuedEvents);
                System.out.println("one invoice and one published InvoiceIssued per subscription: " + (exactlyOnce ? "yes" : "NO"));
                System.out.printf("clock move -> last InvoiceIssued acknowledged by Kafka: %.1f s (%.0f invoices per second)%n",
                        seconds, subscriptions / seconds);
                System.out.printf("highest resident memory while it ran: billing-service %d MiB, invoice-service %d MiB%n",
                        peak[0], peak[1]);
                System.out.println("=== end ===");
                assertThat(exactlyOnce).isTrue();
            }
        }
    }

    private static Connection connect(Platform platform, PlatformService service) throws SQLException {
        return DriverManager.getConnection(platform.environmentOf(service).get("DB_URL"), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
