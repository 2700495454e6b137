package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer does: the launch line of {@code ./run-local.sh} (after its build) on free ports,
 * then the first flow through the gateway to the mail page, then Ctrl-C. If the README's run command
 * breaks, this fails.
 */
class LocalRunSystemIT {
    private static final Path ROOT = ServiceProcess.projectRoot();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    private Process launcher;

    @TempDir
    Path data;

    /** The {@code exec java -jar ...} line of run-local.sh, run by bash from the project root as the script runs it. */
    private Process startLauncher(Map<String, String> ports, Path output) throws IOException {
        String launch = Files.readAllLines(ROOT.resolve("run-local.sh")).stream()
                .filter(line -> line.startsWith("exec java -jar local-platform/"))
                .findFirst().orElseThrow(() -> new AssertionError("run-local.sh has no 'exec java -jar local-platform/...' line"));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", launch).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("POSTGRES_") || name.startsWith("SMTP_"));
        builder.environment().putAll(ports);
        builder.environment().put("LOCAL_DATA_DIR", data.resolve("local-data").toString());
        launcher = builder.start();
        return launcher;
    }

    private static Map<String, String> freePorts() {
        Random random = new Random();
        while (true) {
            int base = 20_000 + random.nextInt(10_000); // below the ephemeral ports (32768 and up), management ports too
            if (IntStream.rangeClosed(base, base + 6).allMatch(LocalRunSystemIT::isFree)
                    && IntStream.rangeClosed(base + 1001, base + 1006).allMatch(LocalRunSystemIT::isFree)) {
                Map<String, String> ports = new HashMap<>();
                ports.put("LOCAL_PORT_BASE", Integer.toString(base));
                ports.put("LOCAL_KAFKA_PORT", Integer.toString(freePort()));
                ports.put("LOCAL_POSTGRES_PORT", Integer.toString(freePort()));
                ports.put("LOCAL_SMTP_PORT", Integer.toString(freePort()));
                ports.put("LOCAL_MAIL_PAGE_PORT", Integer.toString(freePort()));
                return ports;
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every process the launcher has started so far, remembered so that none can escape unnoticed. */
    private List<ProcessHandle> children() {
        launcher.toHandle().descendants().forEach(seen::add);
        return seen.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String page(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @AfterEach
    void stopWhatIsLeft() {
        if (launcher != null) {
            children().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void theReadmeRunCommandServesTheFirstFlowUpToTheMailPageAndStopsCleanly() throws Exception {
        Map<String, String> ports = freePorts();
        Path output = data.resolve("launcher.out");
        startLauncher(ports, output);

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> read(output).contains("Platform ready") || !launcher.isAlive());
        assertThat(read(output)).as("launcher output").contains("Platform ready");

        // the credentials of the machine client are printed with the URLs; a token is fetched as the README shows
        java.util.regex.Matcher credentials = java.util.regex.Pattern.compile("PLATFORM_CLIENT_ID=(\\S+) PLATFORM_CLIENT_SECRET=(\\S+)")
                .matcher(read(output));
        assertThat(credentials.find()).as(read(output)).isTrue();
        String gatewayUrl = "http://localhost:" + ports.get("LOCAL_PORT_BASE");
        ApiClient gateway = new ApiClient(gatewayUrl)
                .withToken(ApiClient.machineToken(gatewayUrl, credentials.group(1), credentials.group(2)));
        ApiClient.Response customer = gateway.post("/api/customers", ApiClient.json(Map.of("name", "Acme Social Ltd.",
                "email", "newcomer@acme.example", "language", "en", "timeZone", "Europe/Istanbul", "paymentTermDays", 14)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        Instant now = Instant.parse(gateway.get("/api/test-clock").json().get("now").asString());
        LocalDate start = now.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(3);
        ApiClient.Response subscription = gateway.post("/api/subscriptions", ApiClient.json(Map.of(
                "customerId", customer.json().get("id").asString(), "description", "Social media consulting",
                "unitPrice", "1200.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY", "startDate", start.toString())));
        assertThat(subscription.status()).as(subscription.body()).isEqualTo(201);
        ApiClient.Response moved = gateway.put("/api/test-clock", "{\"now\":\"" + start.atTime(9, 0).toInstant(ZoneOffset.UTC) + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);

        String mailPage = "http://localhost:" + ports.get("LOCAL_MAIL_PAGE_PORT");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> page(mailPage).contains("Your invoice INV-"));
        assertThat(page(mailPage)).contains("newcomer@acme.example");

        List<ProcessHandle> services = children();
        assertThat(services).hasSizeGreaterThanOrEqualTo(7);
        launcher.destroy(); // SIGTERM, as Ctrl-C would
        await().atMost(Duration.ofMinutes(1)).until(() -> !launcher.isAlive() && children().isEmpty());
    }

    @Test
    void sigtermWhileTheServicesStartLeavesNoProcessBehind() throws Exception {
        startLauncher(freePorts(), data.resolve("launcher.out"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> children().stream().filter(p -> p.info().commandLine().orElse("").contains("-exec.jar")).count() >= 3);

        launcher.destroy();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> !launcher.isAlive() && children().isEmpty());
        assertThat(seen).isNotEmpty();
    }
}
