package dev.billing.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local-platform/target/local-platform-*-exec.jar}: runs everything on this machine
 * and prints where it is. Ctrl-C stops the services first, then the servers.
 * Variables: LOCAL_PORT_BASE (gateway port; the services take the next six), LOCAL_KAFKA_PORT, LOCAL_POSTGRES_PORT,
 * LOCAL_SMTP_PORT, LOCAL_MAIL_PAGE_PORT, LOCAL_PHONE_PAGE_PORT place the embedded servers; KAFKA_BOOTSTRAP_SERVERS, POSTGRES_URL (+ POSTGRES_USER, POSTGRES_PASSWORD), SMTP_HOST (+ SMTP_PORT)
 * point at existing servers instead of the embedded ones; LOCAL_DATA_DIR moves the data folder; PLATFORM_CLIENT_ID and
 * PLATFORM_CLIENT_SECRET set the machine client's credentials (else platform-local and a new secret per run),
 * PLATFORM_ADMIN_USERNAME and PLATFORM_ADMIN_PASSWORD the first staff user's (else admin and a new password per run).
 */
public final class LocalPlatform {

    public static void main(String[] args) throws InterruptedException {
        Path root = ServiceProcess.projectRoot();
        Path data = Path.of(env("LOCAL_DATA_DIR", root.resolve("local-data").toString())).toAbsolutePath();
        Platform.Settings settings = new Platform.Settings(root, data, number("LOCAL_PORT_BASE", PlatformService.GATEWAY_PORT),
                number("LOCAL_KAFKA_PORT", 9092), number("LOCAL_POSTGRES_PORT", 5433),
                number("LOCAL_SMTP_PORT", 2525), number("LOCAL_MAIL_PAGE_PORT", 8025),
                PlatformService.all(), true,
                System.getenv("KAFKA_BOOTSTRAP_SERVERS"), System.getenv("POSTGRES_URL"),
                env("POSTGRES_USER", "postgres"), env("POSTGRES_PASSWORD", "postgres"),
                System.getenv("SMTP_HOST"), number("SMTP_PORT", 25), Map.of());
        System.out.println("Starting Kafka, PostgreSQL, SMTP, the SMS and WhatsApp sandbox and the services (logs in " + data.resolve("logs") + ") ...");
        long started = System.nanoTime();
        Platform platform = Platform.create(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        // registered before anything starts, so Ctrl-C or SIGTERM during start-up leaves no process behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping ...");
            platform.close();
            stopped.countDown();
        }));
        try {
            platform.start();
        } catch (Platform.StoppedWhileStartingException e) {
            stopped.await();
            return;
        } catch (RuntimeException e) {
            System.err.println("The platform did not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.printf("%nPlatform ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.out.println("  Gateway (all /api/...)  " + platform.gatewayUrl());
        System.out.println("  Staff UI                " + platform.gatewayUrl() + "/  sign in as " + platform.access().adminUsername()
                + " / " + platform.access().adminPassword() + " (ADMIN)");
        System.out.println("  Machine client (ADMIN)  PLATFORM_CLIENT_ID=" + platform.access().clientId()
                + " PLATFORM_CLIENT_SECRET=" + platform.access().clientSecret());
        System.out.println("  Access token            curl -s -u \"$PLATFORM_CLIENT_ID:$PLATFORM_CLIENT_SECRET\" -d grant_type=client_credentials "
                + platform.gatewayUrl() + "/oauth2/token");
        for (PlatformService service : PlatformService.all()) {
            System.out.printf("  %-22s %s  (health: %s/actuator/health)%n", service.module(), platform.url(service),
                    platform.managementUrl(service));
        }
        System.out.println("  Kafka bootstrap         " + platform.kafkaBootstrapServers());
        System.out.println("  SMTP                    " + platform.smtpDescription());
        if (platform.mail() != null) {
            System.out.println("  Received mail           http://localhost:" + settings.mailPagePort() + "  and " + data.resolve("mail"));
        }
        if (platform.phones() != null) {
            System.out.println("  SMS and WhatsApp        " + platform.phones().baseUrl() + "  (the sandbox provider: every message it took)");
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static int number(String name, int fallback) {
        String value = env(name, Integer.toString(fallback));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            System.err.println(name + " must be a port number, not '" + value + "'");
            System.exit(2);
            return fallback;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private LocalPlatform() {
    }
}
