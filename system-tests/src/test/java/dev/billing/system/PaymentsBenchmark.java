package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.DocumentLinks;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import dev.billing.local.ServiceProcess;
import dev.billing.support.events.EventJson;
import dev.billing.support.security.Signatures;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.KafkaProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Card payments end to end, with billing-, invoice- and payment-service as processes behind the gateway:
 * <ol>
 * <li>N invoices ({@code benchmark.payments}, 10,000), W for a warm-up ({@code benchmark.warmup}, 2,000) and M more for
 * the reconciliation ({@code benchmark.pending}, 10,000) are issued by one billing run over subscriptions loaded with SQL;
 * each customer has one invoice.</li>
 * <li>Each of the N gets a checkout as the customer starts it: the invoice's payment link posted to the gateway's
 * portal ({@code POST /p/<link>/pay}), which asks payment-service with a portal token.</li>
 * <li>The sandbox's signed callbacks (SUCCEEDED) go to payment-service at a steady {@code benchmark.rate} (200/s), open
 * loop: each is sent at its planned time whatever the earlier ones are doing, and its latency counts from that planned
 * time, so that a service falling behind shows in the figures instead of slowing the sender down. The W go first, at the
 * same rate, until each has its {@code InvoicePaid}: services just started (classes loaded, code compiled, pools and
 * partitions assigned) are measured apart from the N, and printed on a line of their own.</li>
 * <li>The time of each {@code InvoicePaid} is its record's timestamp on {@code invoice.events} (set when invoice-service's
 * relay sent it), so the benchmark's own client reads the topics in large chunks ({@link KafkaProbe#observing}).</li>
 * <li>The M are then written into payment-service's database as checkouts left OPEN (their callback lost) with a
 * SUCCEEDED charge in the sandbox's book, and the reconciliation is made to run pass after pass by moving the test
 * clock at payment-service (each move runs one pass before it answers) until none is OPEN.</li>
 * </ol>
 * Not part of {@code verify}: {@code ./benchmark.sh payments [payments] [rate]}.
 */
class PaymentsBenchmark {
    private static final String WEBHOOK_SECRET = "payments-benchmark-sandbox-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** One callback as sent: when it was planned and sent, and when payment-service answered (wall-clock epoch ms). */
    private record Sent(double plannedAt, double sentAt, double answeredAt, int status, int resent) {
    }

    @Test
    void callbackToInvoicePaidAndReconciliation() throws Exception {
        int payments = Integer.getInteger("benchmark.payments", 10_000);
        int rate = Integer.getInteger("benchmark.rate", 200);
        int pending = Integer.getInteger("benchmark.pending", 10_000);
        int warmup = Integer.getInteger("benchmark.warmup", 2_000);
        try (Platform platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 25080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.PAYMENT), true, null, null, null, null, null, 0,
                // PDFs are measured elsewhere (InvoiceVolumeBenchmark): rendering 20,000 of them here would share the cores
                Map.of("BILLING_RUN_INTERVAL", "24h", "INVOICE_DOCUMENTS_BACKGROUND_RENDERING", "false",
                        "SANDBOX_WEBHOOK_SECRET", WEBHOOK_SECRET)))) {
            ApiClient billing = ApiClient.of(platform, platform.url(PlatformService.BILLING));
            LocalDate cut = Instant.parse(billing.get("/api/test-clock").json().get("now").asString())
                    .atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2);

            long issueStart = System.nanoTime();
            int issued = warmup + payments + pending;
            LoadedSubscriptions.load(platform, issued, issued, cut, 1);
            billing.put("/api/test-clock", "{\"now\":\"" + cut.atTime(6, 0).toInstant(ZoneOffset.UTC) + "\"}");
            // payment-service knows an invoice once it has read its InvoiceIssued: only then can it be paid
            int copies = Eventually.await(() -> count(platform, "select count(*) from invoice_copy"), n -> n == issued,
                    Duration.ofMinutes(20));
            assertThat(copies).as("invoice copies in payment-service").isEqualTo(issued);
            double issueSeconds = (System.nanoTime() - issueStart) / 1e9;
            List<UUID> invoices = invoiceIds(platform);
            List<UUID> warmingUp = invoices.subList(0, warmup);
            List<UUID> paidByCallback = invoices.subList(warmup, warmup + payments);
            List<UUID> leftPending = invoices.subList(warmup + payments, invoices.size());

            long checkoutStart = System.nanoTime();
            Map<UUID, UUID> warmupCheckouts = startCheckouts(platform, warmingUp);
            Map<UUID, UUID> checkouts = startCheckouts(platform, paidByCallback);
            double checkoutSeconds = (System.nanoTime() - checkoutStart) / 1e9;

            try (KafkaProbe kafka = KafkaProbe.observing(platform.kafkaBootstrapServers(), Topics.INVOICE, Topics.PAYMENT)) {
                String webhook = platform.url(PlatformService.PAYMENT) + "/webhooks/payments/sandbox";
                Map<UUID, Sent> warmupSent = new ConcurrentHashMap<>();
                sendCallbacks(webhook, new ArrayList<>(warmupCheckouts.keySet()), warmupCheckouts, rate, warmupSent);
                kafka.await(paid(), warmupCheckouts.size(), Duration.ofMinutes(20));
                Batches warmupBatches = Batches.of(platform);

                Map<UUID, Sent> sent = new ConcurrentHashMap<>();
                List<UUID> order = new ArrayList<>(checkouts.keySet());
                Thread sender = new Thread(() -> sendCallbacks(webhook, order, checkouts, rate, sent), "callbacks");
                sender.start();
                kafka.await(paid(), warmupCheckouts.size() + checkouts.size(), Duration.ofMinutes(20));
                sender.join();
                // room for a late duplicate to show up before the check
                List<ConsumerRecord<String, String>> all = kafka.drain(Duration.ofSeconds(5));
                Callbacks warmupCallbacks = Callbacks.of(warmupSent, all);
                ExactlyOnce warmupExactlyOnce = ExactlyOnce.of(strings(warmupCheckouts.keySet()), warmupCallbacks.paid, "invoiceId");
                Callbacks callbacks = Callbacks.of(sent, all);
                Batches batches = Batches.of(platform).since(warmupBatches);

                Reconciliation reconciliation = reconcile(platform, kafka, leftPending, (int) all.stream().filter(paid()).count());
                ExactlyOnce exactlyOnce = ExactlyOnce.of(strings(checkouts.keySet()), callbacks.paid, "invoiceId");

                System.out.println();
                System.out.println("=== payments benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
                System.out.printf("set-up: %,d invoices issued (one billing run) and known to payment-service in %.1f s; "
                        + "%,d checkouts started through the portal in %.1f s (%.0f/s, %,d failed)%n", invoices.size(), issueSeconds,
                        warmupCheckouts.size() + checkouts.size(), checkoutSeconds, (warmupCheckouts.size() + checkouts.size()) / checkoutSeconds,
                        warmingUp.size() + paidByCallback.size() - warmupCheckouts.size() - checkouts.size());
                System.out.printf("warm-up, not measured: %,d callbacks at %d/s first, on services just started; callback -> InvoicePaid "
                        + "p50 %s, p99 %s, max %s%n", warmupCallbacks.toPaid.size(), rate, ms(warmupCallbacks.toPaid, 0.50),
                        ms(warmupCallbacks.toPaid, 0.99), ms(warmupCallbacks.toPaid, 1.0));
                callbacks.print(rate);
                System.out.println("  batches of payment.events consumed by invoice-service (after the warm-up): " + batches);
                System.out.println(line("every invoice paid by a callback got exactly one InvoicePaid", exactlyOnce));
                reconciliation.print();
                System.out.println("=== end ===");
                assertThat(warmupCheckouts).as("warm-up checkouts started").hasSize(warmup);
                assertThat(warmupExactlyOnce.holds()).as(line("warm-up", warmupExactlyOnce)).isTrue();
                assertThat(checkouts).as("checkouts started").hasSize(payments);
                assertThat(callbacks.accepted).as("callbacks answered 200").isEqualTo(payments);
                assertThat(exactlyOnce.holds()).as(line("callbacks", exactlyOnce)).isTrue();
                assertThat(reconciliation.exactlyOnce.holds()).as(line("reconciliation", reconciliation.exactlyOnce)).isTrue();
            }
        }
    }

    private static Predicate<ConsumerRecord<String, String>> paid() {
        return KafkaProbe.ofType(EventCatalog.INVOICE_PAID.type());
    }

    /** The issued invoices as payment-service has them, in number order: one per customer. */
    private static List<UUID> invoiceIds(Platform platform) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection db = paymentDatabase(platform);
             ResultSet rs = db.createStatement().executeQuery("select invoice_id from invoice_copy order by number")) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    /**
     * What a customer does from the invoice email's "Pay online" link: the portal's pay button, which the gateway answers
     * with a redirect to the sandbox's page of the new checkout. Eight at a time; returns the checkout of each invoice.
     */
    private static Map<UUID, UUID> startCheckouts(Platform platform, List<UUID> invoices) throws Exception {
        DocumentLinks links = DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY);
        Map<UUID, UUID> checkouts = new ConcurrentHashMap<>();
        AtomicInteger reported = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (UUID invoice : invoices) {
                work.add(pool.submit(() -> {
                    String link = links.token(DocumentLinks.Kind.INVOICE_PAYMENT, invoice, Instant.now().plus(Duration.ofDays(1)));
                    HttpResponse<String> pay = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/p/" + link + "/pay"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("currency=TRY")).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String location = pay.headers().firstValue("Location").orElse("");
                    if (pay.statusCode() == 302 && location.contains("/pay/sandbox/")) {
                        checkouts.put(invoice, UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
                    } else if (reported.getAndIncrement() < 3) {
                        System.err.println("No checkout for invoice " + invoice + ": " + pay.statusCode() + " " + location);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return checkouts;
    }

    /**
     * The open-loop sender: callback {@code i} is due at {@code start + i / rate}; the thread parks until then and sends it
     * without waiting for the answer (answers are recorded as they come), so a slow answer never delays the next callback.
     */
    private static void sendCallbacks(String webhook, List<UUID> invoices, Map<UUID, UUID> checkouts, int rate, Map<UUID, Sent> sent) {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long startNanos = System.nanoTime() + 100_000_000L;
        double startMillis = System.currentTimeMillis() + 100.0;
        for (int i = 0; i < invoices.size(); i++) {
            UUID invoice = invoices.get(i);
            long due = startNanos + (long) (i * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            double planned = startMillis + i * 1000.0 / rate;
            double sentAt = startMillis + (System.nanoTime() - startNanos) / 1e6;
            UUID checkout = checkouts.get(invoice);
            byte[] body = ("{\"checkoutId\":\"" + checkout + "\",\"transactionId\":\"sbx_" + checkout.toString().replace("-", "")
                    + "\",\"status\":\"SUCCEEDED\",\"reason\":null}").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhook)).header("Content-Type", "application/json")
                    .header("X-Sandbox-Signature", HexFormat.of().formatHex(Signatures.hmacSha256(WEBHOOK_SECRET, body)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(60)).build();
            answers.add(deliver(request, 0).thenAccept(answer -> sent.put(invoice, new Sent(planned, sentAt,
                    startMillis + (System.nanoTime() - startNanos) / 1e6, answer.status(), answer.resent()))));
        }
        CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).join();
    }

    /** The last answer to a callback, and how often it was sent again before it. */
    private record Answer(int status, int resent) {
    }

    /**
     * Sends a callback as a provider does: one answered 503 (payment-service cannot reach its database in time) is sent
     * again after its {@code Retry-After}, up to five times; the time it took stays in its latency.
     */
    private static CompletableFuture<Answer> deliver(HttpRequest request, int resent) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure == null && response.statusCode() == 503 && resent < 5) {
                long after = response.headers().firstValueAsLong("Retry-After").orElse(1);
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(after, TimeUnit.SECONDS))
                        .thenCompose(waited -> deliver(request, resent + 1));
            }
            return CompletableFuture.completedFuture(new Answer(failure == null ? response.statusCode() : -1, resent));
        }).thenCompose(answer -> answer);
    }

    /** What the callbacks became: latencies from each planned send, and the stages between. */
    private static final class Callbacks {
        final List<ConsumerRecord<String, String>> paid = new ArrayList<>();
        final List<Double> toPaid = new ArrayList<>();
        final List<Double> answered = new ArrayList<>();
        final List<Double> received = new ArrayList<>();
        final List<Double> applied = new ArrayList<>();
        /** Callback -> InvoicePaid per fifth of the schedule, in planned order: a warm-up shows in the first, a backlog grows. */
        final List<List<Double>> byFifth = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long lastPaid;
        int accepted;
        int resent;
        double firstSent = Double.MAX_VALUE;
        double lastSent;
        double maxBehind;

        static Callbacks of(Map<UUID, Sent> sent, List<ConsumerRecord<String, String>> records) {
            Callbacks c = new Callbacks();
            Map<UUID, Long> receivedAt = new HashMap<>();
            Map<UUID, Long> paidAt = new HashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                boolean isPaid = paid().test(r);
                if (isPaid || KafkaProbe.ofType(EventCatalog.PAYMENT_RECEIVED.type()).test(r)) {
                    String invoice = EventJson.mapper().readTree(r.value()).path("invoiceId").asString(null);
                    if (invoice != null && sent.containsKey(UUID.fromString(invoice))) {
                        (isPaid ? paidAt : receivedAt).merge(UUID.fromString(invoice), r.timestamp(), Math::min);
                        if (isPaid) {
                            c.paid.add(r);
                        }
                    }
                }
            }
            sent.forEach((invoice, s) -> {
                c.accepted += s.status() == 200 ? 1 : 0;
                c.resent += s.resent();
                c.firstSent = Math.min(c.firstSent, s.sentAt());
                c.lastSent = Math.max(c.lastSent, s.sentAt());
                c.maxBehind = Math.max(c.maxBehind, s.sentAt() - s.plannedAt());
                c.answered.add(s.answeredAt() - s.plannedAt());
                Long r = receivedAt.get(invoice);
                Long p = paidAt.get(invoice);
                if (p != null) {
                    c.toPaid.add(p - s.plannedAt());
                    c.lastPaid = Math.max(c.lastPaid, p);
                }
                if (r != null) {
                    c.received.add(r - s.plannedAt());
                }
                if (r != null && p != null) {
                    c.applied.add((double) (p - r));
                }
            });
            double first = sent.values().stream().mapToDouble(Sent::plannedAt).min().orElse(0);
            double last = sent.values().stream().mapToDouble(Sent::plannedAt).max().orElse(0);
            sent.forEach((invoice, s) -> {
                Long p = paidAt.get(invoice);
                if (p != null) {
                    c.byFifth.get((int) Math.min(4, 5 * (s.plannedAt() - first) / Math.max(last - first, 1))).add(p - s.plannedAt());
                }
            });
            List.of(c.toPaid, c.answered, c.received, c.applied).forEach(Collections::sort);
            c.byFifth.forEach(Collections::sort);
            return c;
        }

        void print(int rate) {
            System.out.printf("callbacks: %,d sent at a planned %d/s, achieved %.1f/s (the sender at most %.1f ms behind its plan); "
                    + "%,d answered 200 (%,d sent again after a 503)%n", answered.size(), rate,
                    (answered.size() - 1) / Math.max((lastSent - firstSent) / 1000.0, 0.001), maxBehind, accepted, resent);
            System.out.printf("callback -> InvoicePaid on Kafka, from the planned send (%,d seen): p50 %s, p95 %s, p99 %s, max %s%n",
                    toPaid.size(), ms(toPaid, 0.50), ms(toPaid, 0.95), ms(toPaid, 0.99), ms(toPaid, 1.0));
            System.out.printf("  planned send -> callback answered (checkout PAID, PaymentReceived in the outbox): p50 %s, p99 %s, max %s%n",
                    ms(answered, 0.50), ms(answered, 0.99), ms(answered, 1.0));
            System.out.printf("  planned send -> PaymentReceived on Kafka (payment-service's relay): p50 %s, p99 %s, max %s%n",
                    ms(received, 0.50), ms(received, 0.99), ms(received, 1.0));
            System.out.printf("  PaymentReceived -> InvoicePaid on Kafka (invoice-service consumes, applies, relays): p50 %s, p99 %s, max %s%n",
                    ms(applied, 0.50), ms(applied, 0.99), ms(applied, 1.0));
            System.out.println("  callback -> InvoicePaid by fifth of the schedule, p50 / p99: " + String.join("; ",
                    byFifth.stream().map(f -> ms(f, 0.50) + " / " + ms(f, 0.99)).toList()));
            System.out.printf("  InvoicePaid per second, first planned send -> last InvoicePaid: %.1f%n",
                    toPaid.size() / Math.max((lastPaid - firstSent) / 1000.0, 0.001));
        }
    }

    /** What one reconciliation did: its passes, each timed, until no checkout was OPEN. */
    private record Reconciliation(int checkouts, List<Double> passes, int paidAfterFirst, double allPaidSeconds, double lastPaidSeconds,
                                  ExactlyOnce exactlyOnce) {
        void print() {
            List<Double> sorted = new ArrayList<>(passes);
            Collections.sort(sorted);
            double work = passes.stream().mapToDouble(Double::doubleValue).sum() / 1000.0;
            System.out.printf("reconciliation: %,d checkouts OPEN past reconcile-after, their sandbox charges SUCCEEDED%n", checkouts);
            System.out.printf("  first pass: %,d of them PAID in %.0f ms%n", paidAfterFirst, passes.get(0));
            System.out.printf("  passes back to back until none OPEN: %d, %.1f s in all (%.0f checkouts/s); a pass p50 %.0f ms, max %.0f ms%n",
                    passes.size(), allPaidSeconds, checkouts / allPaidSeconds, percentile(sorted, 0.5), percentile(sorted, 1.0));
            System.out.printf("  on its schedule (a pass every PAYMENT_RECONCILE_INTERVAL, 1 min by default) the same %d passes take "
                    + "about %d min; the passes' own work is %.1f s%n", passes.size(), passes.size() - 1, work);
            System.out.printf("  first clock move -> last InvoicePaid on Kafka: %.1f s%n", lastPaidSeconds);
            System.out.println(line("  every reconciled invoice got exactly one InvoicePaid", exactlyOnce));
        }
    }

    /**
     * The M checkouts whose callback never came, written as {@code StartingCheckout} and the sandbox's page would have left
     * them; then passes, each started by a test clock move at payment-service one second later than the one before.
     */
    private static Reconciliation reconcile(Platform platform, KafkaProbe kafka, List<UUID> invoices, int paidSeen) throws Exception {
        // a fresh machine token: the one of the set-up may have expired by now
        ApiClient payment = ApiClient.of(platform, platform.url(PlatformService.PAYMENT));
        Instant now = Instant.parse(payment.get("/api/test-clock").json().get("now").asString());
        try (Connection db = paymentDatabase(platform)) {
            db.setAutoCommit(false);
            try (PreparedStatement chosen = db.prepareStatement("""
                    create temporary table pending_checkout on commit drop as
                    select gen_random_uuid() as checkout_id, invoice_id, customer_id, currency, open_amount
                    from invoice_copy where invoice_id = any(?)""");
                 PreparedStatement checkouts = db.prepareStatement("""
                         insert into checkout (id, customer_id, provider, currency, amount, status, return_url, created_at, save_card)
                         select checkout_id, customer_id, 'sandbox', currency, open_amount, 'OPEN',
                             ? || '/p/benchmark/done?checkout=' || checkout_id, ?, false from pending_checkout""");
                 Statement parts = db.createStatement();
                 PreparedStatement charges = db.prepareStatement("""
                         insert into sandbox_charge (checkout_id, transaction_id, status, card_last4, charged_at)
                         select checkout_id, 'sbx_' || replace(checkout_id::text, '-', ''), 'SUCCEEDED', '4242', ?
                         from pending_checkout""")) {
                Array ids = db.createArrayOf("uuid", invoices.toArray());
                chosen.setArray(1, ids);
                chosen.executeUpdate();
                checkouts.setString(1, platform.gatewayUrl());
                checkouts.setTimestamp(2, Timestamp.from(now));
                checkouts.executeUpdate();
                parts.executeUpdate("insert into checkout_invoice (checkout_id, invoice_id, position, amount) "
                        + "select checkout_id, invoice_id, 0, open_amount from pending_checkout");
                charges.setTimestamp(1, Timestamp.from(now));
                charges.executeUpdate();
            }
            db.commit();
        }
        List<Double> passes = new ArrayList<>();
        Instant at = now.plus(Duration.ofMinutes(6));
        long moved = System.currentTimeMillis();
        long start = System.nanoTime();
        int open = invoices.size();
        int paidAfterFirst = 0;
        // each pass is work the test drives, not a wait: the next starts as soon as the last answered
        for (long deadline = start + Duration.ofMinutes(60).toNanos(); open > 0 && System.nanoTime() < deadline; at = at.plusSeconds(1)) {
            long pass = System.nanoTime();
            ApiClient.Response answer = payment.put("/api/test-clock", "{\"now\":\"" + at + "\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            passes.add((System.nanoTime() - pass) / 1e6);
            open = count(platform, "select count(*) from checkout c join sandbox_charge s on s.checkout_id = c.id where c.status = 'OPEN'");
            paidAfterFirst = passes.size() == 1 ? invoices.size() - open : paidAfterFirst;
        }
        double allPaidSeconds = (System.nanoTime() - start) / 1e9;
        kafka.await(paid(), paidSeen + invoices.size(), Duration.ofMinutes(20));
        Set<UUID> reconciling = new HashSet<>(invoices);
        List<ConsumerRecord<String, String>> reconciled = kafka.drain(Duration.ofSeconds(5)).stream().filter(paid())
                .filter(r -> reconciling.contains(UUID.fromString(EventJson.mapper().readTree(r.value()).path("invoiceId").asString())))
                .toList();
        long lastPaid = reconciled.stream().mapToLong(ConsumerRecord::timestamp).max().orElse(moved);
        return new Reconciliation(invoices.size(), passes, paidAfterFirst, allPaidSeconds, (lastPaid - moved) / 1000.0,
                ExactlyOnce.of(strings(invoices), reconciled, "invoiceId"));
    }

    private static List<String> strings(java.util.Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    private static Connection paymentDatabase(Platform platform) throws SQLException {
        return DriverManager.getConnection(platform.environmentOf(PlatformService.PAYMENT).get("DB_URL"), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    private static int count(Platform platform, String sql) {
        try (Connection db = paymentDatabase(platform); ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The batches invoice-service's payment-events consumer took so far ({@code events_batch_size}): how many, how many
     * events in all, the largest (of the metric's recent window, which a difference cannot take apart).
     */
    private record Batches(double count, double events, double largest) {
        static Batches of(Platform platform) {
            String metrics = ApiClient.of(platform, platform.managementUrl(PlatformService.INVOICE)).get("/actuator/prometheus").body();
            String series = "{application=\"invoice-service\",consumer=\"invoice-payment\"}";
            return new Batches(sample(metrics, "events_batch_size_count" + series), sample(metrics, "events_batch_size_sum" + series),
                    sample(metrics, "events_batch_size_max" + series));
        }

        Batches since(Batches before) {
            return new Batches(count - before.count, events - before.events, largest);
        }

        @Override
        public String toString() {
            return String.format("%,.0f, %.0f events each on average, the largest of the last minutes %.0f", count,
                    count == 0 ? 0 : events / count, largest);
        }
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static String line(String what, ExactlyOnce e) {
        return String.format("%s: %s (expected %,d, distinct events %,d, missing %,d, duplicated invoices %,d)", what,
                e.holds() ? "yes" : "NO", e.expected(), e.distinctEvents(), e.missing(), e.duplicates());
    }

    private static String ms(List<Double> sorted, double p) {
        return sorted.isEmpty() ? "-" : String.format("%.0f ms", percentile(sorted, p));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }
}
