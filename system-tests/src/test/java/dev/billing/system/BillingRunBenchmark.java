package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Billing runs at volume: N monthly subscriptions ({@code benchmark.subscriptions}, 100,000; N/5
 * accounts) whose cut dates fall on D consecutive days ({@code benchmark.days}, 10); the test clock
 * walks over them a day at a time. Prints invoices issued per second end to end, the p50/p99 time
 * from the clock move (the cut) to {@code InvoiceIssued}, the time per stage, and the services'
 * resident memory. Before them, not measured, the services bill W subscriptions of their own
 * ({@code benchmark.warmup}, 10,000) cut the day before, as a platform that has been running for a
 * while has: its code compiled, its plans made on filled tables; how long that first run took is printed.
 * Accounts and subscriptions are loaded with SQL: the benchmark measures the run, not the sign-up.
 * PDFs are not rendered in the background here (they are measured by InvoiceVolumeBenchmark).
 * Not part of {@code verify}: {@code ./benchmark.sh billing-run [subscriptions] [days]}.
 */
class BillingRunBenchmark {

    @Test
    void tenCutDates() throws Exception {
        int subscriptions = Integer.getInteger("benchmark.subscriptions", 100_000);
        int days = Integer.getInteger("benchmark.days", 10);
        int warmUp = Integer.getInteger("benchmark.warmup", 10_000);
        try (Platform platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 26080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE), true, null, null, null, null, null, 0,
                Map.of("BILLING_RUN_INTERVAL", "24h", "INVOICE_DOCUMENTS_BACKGROUND_RENDERING", "false")))) {
            ApiClient billing = ApiClient.of(platform, platform.url(PlatformService.BILLING));
            String idleMemory = memory(platform);
            LocalDate first = Instant.parse(billing.get("/api/test-clock").json().get("now").asString())
                    .atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);
            long loadStart = System.nanoTime();
            LoadedSubscriptions.load(platform, subscriptions, Math.max(1, subscriptions / 5), first, days);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            List<String> expectedIds = ExactlyOnce.subscriptionIds(platform);
            LoadedSubscriptions.load(platform, warmUp, Math.max(1, warmUp / 5), first.minusDays(1), 1);
            List<ConsumerRecord<String, String>> allIssued;

            List<Long> latencies = new ArrayList<>();
            long firstMove = 0;
            long lastIssued = 0;
            int seen = 0;
            long warmUpMillis = 0;
            Batches batchesBefore;
            List<String> dayDurations = new ArrayList<>();
            Stages stages = new Stages();
            List<ConsumerRecord<String, String>> requested;
            try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.INVOICE, Topics.BILLING)) {
                if (warmUp > 0) {
                    long moved = System.currentTimeMillis();
                    billing.put("/api/test-clock", "{\"now\":\"" + first.minusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC) + "\"}");
                    seen = kafka.await(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()), warmUp, Duration.ofMinutes(20)).size();
                    assertThat(seen).as("the warm-up's InvoiceIssued, before anything is measured").isGreaterThanOrEqualTo(warmUp);
                    warmUpMillis = System.currentTimeMillis() - moved;
                }
                batchesBefore = Batches.of(platform);
                // the offset before the first move: a service that has not read a move yet still writes with it
                stages.moved(System.currentTimeMillis(), billing.get("/api/test-clock").json().get("offsetMillis").asLong());
                for (int day = 0; day < days; day++) {
                    long moved = System.currentTimeMillis();
                    firstMove = day == 0 ? moved : firstMove;
                    billing.put("/api/test-clock", "{\"now\":\"" + first.plusDays(day).atTime(6, 0).toInstant(ZoneOffset.UTC) + "\"}");
                    stages.moved(moved, billing.get("/api/test-clock").json().get("offsetMillis").asLong());
                    int expected = warmUp + (int) ((long) subscriptions * (day + 1) / days);
                    List<ConsumerRecord<String, String>> issued = kafka.await(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()),
                            expected, Duration.ofMinutes(20));
                    long dayLast = moved;
                    for (ConsumerRecord<String, String> r : issued.subList(seen, issued.size())) {
                        latencies.add(r.timestamp() - moved);
                        dayLast = Math.max(dayLast, r.timestamp());
                    }
                    lastIssued = Math.max(lastIssued, dayLast);
                    dayDurations.add(String.format(Locale.ROOT, "%.1f", (dayLast - moved) / 1000.0));
                    seen = issued.size();
                }
                // room for a late duplicate to show up before the check; the warm-up's records were all written before
                long measuredFrom = firstMove;
                List<ConsumerRecord<String, String>> all = kafka.drain(Duration.ofSeconds(5)).stream()
                        .filter(r -> r.timestamp() >= measuredFrom).toList();
                allIssued = all.stream().filter(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type())).toList();
                requested = all.stream().filter(KafkaProbe.ofType(EventCatalog.INVOICE_REQUESTED.type())).toList();
            }
            stages.measure(platform, requested, allIssued, firstMove);
            ExactlyOnce exactlyOnce = ExactlyOnce.of(expectedIds, allIssued, "subscriptionId");
            Collections.sort(latencies);
            System.out.println();
            System.out.println("=== billing-run benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
            System.out.printf("loaded %,d subscriptions over %d cut dates in %.1f s%n", subscriptions, days, loadSeconds);
            System.out.printf("warm-up, not measured: %,d subscriptions cut the day before, clock move -> their last InvoiceIssued %.1f s%n",
                    warmUp, warmUpMillis / 1000.0);
            System.out.printf("InvoiceIssued seen: %,d%n", seen - warmUp);
            System.out.println(exactlyOnce.line());
            System.out.printf("invoices issued per second, end to end (first clock move -> last InvoiceIssued): %.0f%n",
                    (seen - warmUp) / Math.max((lastIssued - firstMove) / 1000.0, 0.001));
            System.out.printf("cut -> InvoiceIssued: p50 %.1f s, p99 %.1f s, max %.1f s%n",
                    percentile(latencies, 0.50) / 1000.0, percentile(latencies, 0.99) / 1000.0,
                    latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1000.0);
            System.out.println("per cut date, clock move -> its last InvoiceIssued (s): " + String.join(", ", dayDurations));
            stages.print();
            System.out.println("batches consumed by invoice-service (InvoiceRequested and others): "
                    + Batches.of(platform).since(batchesBefore));
            System.out.println("resident memory (launcher's JVM flags): idle after start " + idleMemory + "; after the run "
                    + memory(platform));
            System.out.println("=== end ===");
            assertThat(exactlyOnce.holds()).as(exactlyOnce.line()).isTrue();
        }
    }

    /** How many batches invoice-service's billing-events consumer has taken, and how many events in all (its {@code events_batch_size}). */
    private record Batches(double count, double events) {
        static Batches of(Platform platform) {
            String metrics = ApiClient.of(platform, platform.managementUrl(PlatformService.INVOICE)).get("/actuator/prometheus").body();
            return new Batches(sample(metrics, "events_batch_size_count{application=\"invoice-service\",consumer=\"invoice-billing\"}"),
                    sample(metrics, "events_batch_size_sum{application=\"invoice-service\",consumer=\"invoice-billing\"}"));
        }

        String since(Batches before) {
            double taken = count - before.count;
            return String.format(Locale.ROOT, "%,.0f, %.0f events each on average", taken, taken == 0 ? 0 : (events - before.events) / taken);
        }
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    private static String memory(Platform platform) {
        return Stream.of(PlatformService.BILLING, PlatformService.INVOICE)
                .map(s -> s.module() + " " + platform.process(s).residentMegabytes() + " MiB")
                .collect(Collectors.joining(", "));
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }
}
