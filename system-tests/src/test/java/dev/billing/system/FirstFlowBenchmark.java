package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Measures the first flow end to end; prints figures, asserts nothing about time. Not part of
 * {@code verify}: run {@code ./benchmark.sh [customers]} (default 10,000).
 */
class FirstFlowBenchmark {

    @Test
    void invoicesIssuedPerSecondAndTimeToLastEmail() throws Exception {
        int customers = Integer.getInteger("benchmark.customers", 10_000);
        try (Platform platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 28080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.NOTIFICATION), true,
                null, null, null, null, null, 0, Map.of("BILLING_RUN_INTERVAL", "1h")))) {
            ApiClient billing = ApiClient.of(platform, platform.url(PlatformService.BILLING));
            LocalDate start = Instant.parse(billing.get("/api/test-clock").json().get("now").asString())
                    .atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);

            long setupStarted = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger failures = new AtomicInteger();
            List<String> subscriptionIds = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < customers; i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    ApiClient.Response c = billing.post("/api/customers", ApiClient.json(Map.of("name", "Customer " + n,
                            "email", "bench" + n + "@example.com", "language", List.of("tr", "en", "hu").get(n % 3),
                            "timeZone", "Europe/Istanbul", "paymentTermDays", 14)));
                    ApiClient.Response s = billing.post("/api/subscriptions", ApiClient.json(Map.of(
                            "customerId", c.json().get("id").asString(), "description", "Monthly consulting",
                            "unitPrice", "1000.00", "currency", "TRY", "taxRate", "20", "interval", "MONTHLY",
                            "startDate", start.toString())));
                    if (c.status() != 201 || s.status() != 201) {
                        failures.incrementAndGet();
                    } else {
                        subscriptionIds.add(s.json().get("id").asString());
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;

            try (KafkaProbe kafka = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.BILLING, Topics.INVOICE)) {
                long moved = System.currentTimeMillis();
                long movedNanos = System.nanoTime();
                billing.put("/api/test-clock", "{\"now\":\"" + start.atTime(6, 0).toInstant(ZoneOffset.UTC) + "\"}");

                List<ConsumerRecord<String, String>> issued = kafka.await(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type()),
                        customers, Duration.ofMinutes(30));
                List<ConsumerRecord<String, String>> requested = kafka.drain(Duration.ZERO).stream()
                        .filter(KafkaProbe.ofType(EventCatalog.INVOICE_REQUESTED.type())).toList();
                int mails = Eventually.await(() -> platform.mail().received().size(), n -> n >= customers, Duration.ofMinutes(30));
                double untilLastEmail = (System.nanoTime() - movedNanos) / 1e9;
                ExactlyOnce exactlyOnce = ExactlyOnce.of(subscriptionIds, kafka.drain(Duration.ofSeconds(5)).stream()
                        .filter(KafkaProbe.ofType(EventCatalog.INVOICE_ISSUED.type())).toList(), "subscriptionId");

                long firstRequested = requested.stream().mapToLong(ConsumerRecord::timestamp).min().orElse(moved);
                long lastRequested = requested.stream().mapToLong(ConsumerRecord::timestamp).max().orElse(moved);
                long lastIssued = issued.stream().mapToLong(ConsumerRecord::timestamp).max().orElse(moved);
                double issueSeconds = Math.max(lastIssued - firstRequested, 1) / 1000.0;
                System.out.println();
                System.out.println("=== first-flow benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
                System.out.printf("customers + subscriptions created:  %d in %.1f s (%.0f HTTP requests/s, %d failed)%n",
                        customers, setupSeconds, 2 * customers / setupSeconds, failures.get());
                System.out.printf("InvoiceRequested published:          %d in %.1f s after the clock move%n",
                        requested.size(), (lastRequested - moved) / 1000.0);
                System.out.printf("InvoiceIssued published:             %d%n", issued.size());
                System.out.println(exactlyOnce.line());
                System.out.printf("invoices issued per second (first InvoiceRequested -> last InvoiceIssued): %.0f%n",
                        issued.size() / issueSeconds);
                System.out.printf("emails accepted by SMTP:             %d; last one %.1f s after the clock move%n",
                        mails, untilLastEmail);
                System.out.println("=== end ===");
                assertThat(exactlyOnce.holds()).as(exactlyOnce.line()).isTrue();
            }
        }
    }
}
