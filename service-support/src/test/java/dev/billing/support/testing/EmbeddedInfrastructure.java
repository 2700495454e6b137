package dev.billing.support.testing;

import dev.billing.local.KafkaServer;
import dev.billing.local.MailCatcher;
import dev.billing.local.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Real servers for integration tests, started once per test JVM: a KRaft Kafka broker, PostgreSQL
 * (one database per service, named after {@code spring.application.name}), and an SMTP server.
 * They are handed to the service through the same variables production uses.
 */
public final class EmbeddedInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    private static KafkaServer kafka;
    private static PostgresServer postgres;
    private static Path postgresData;
    private static MailCatcher mail;

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = KafkaServer.start(0);
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            try {
                postgresData = Files.createTempDirectory("it-postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = PostgresServer.start(0, postgresData);
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfrastructure::deletePostgresData));
        }
        return postgres;
    }

    /**
     * Stops PostgreSQL hard (open connections are cut), keeps it down for {@code downtime}, and starts
     * it again on the same port with the same data: an outage as an operator would cause one.
     */
    public static synchronized void restartPostgres(Duration downtime) throws IOException, InterruptedException {
        int port = postgres().port();
        postgres.close();
        Thread.sleep(downtime.toMillis()); // the outage itself, not a wait for something to happen
        postgres = PostgresServer.start(port, postgresData);
    }

    private static void deletePostgresData() {
        try (Stream<Path> paths = Files.walk(postgresData)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    public static synchronized MailCatcher mail() {
        if (mail == null) {
            mail = MailCatcher.start(freePort(), 0, null);
        }
        return mail;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = context.getEnvironment().getProperty("spring.application.name", "service");
        String database = name.replace("-service", "").replace('-', '_');
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedInfrastructure", Map.of(
                "DB_URL", postgres().database(database),
                "DB_USER", PostgresServer.USER,
                "DB_PASSWORD", PostgresServer.PASSWORD,
                "KAFKA_BOOTSTRAP_SERVERS", kafka().bootstrapServers(),
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", Integer.toString(mail().smtpPort()))));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
