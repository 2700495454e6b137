package dev.billing.support.testing;

import dev.billing.local.KafkaServer;
import dev.billing.local.MailCatcher;
import dev.billing.local.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Real servers for integration tests, started once per test JVM: a KRaft Kafka broker, PostgreSQL
 * (one database per service, named after {@code spring.application.name}), and an SMTP server.
 * They are handed to the service through the same variables production uses (and, for containers,
 * as Boot service connections: {@link ContainerConnections}).
 * <p>
 * The one switch: Kafka and PostgreSQL run in Docker containers (Testcontainers) when a Docker engine
 * answers, and as the in-JVM servers of local-platform otherwise; {@code TEST_SERVERS=embedded} or
 * {@code containers} (variable or system property) decides instead. SMTP is always the in-JVM GreenMail.
 */
public final class EmbeddedInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    /** Where Kafka and PostgreSQL come from. */
    public enum Servers { EMBEDDED, CONTAINERS }

    private static Servers servers;
    private static KafkaServer kafka;
    private static PostgresServer postgres;
    private static MailCatcher mail;

    /** {@code setting} (embedded, containers, or null for "containers if Docker answers") read with {@code dockerAvailable}. */
    static Servers choose(String setting, BooleanSupplier dockerAvailable) {
        if (setting == null || setting.isBlank()) {
            return dockerAvailable.getAsBoolean() ? Servers.CONTAINERS : Servers.EMBEDDED;
        }
        return Servers.valueOf(setting.trim().toUpperCase(java.util.Locale.ROOT));
    }

    public static synchronized Servers servers() {
        if (servers == null) {
            String setting = System.getProperty("TEST_SERVERS", System.getenv("TEST_SERVERS"));
            servers = choose(setting, ContainerServers::dockerAvailable);
        }
        return servers;
    }

    public static String kafkaBootstrapServers() {
        return servers() == Servers.CONTAINERS ? ContainerServers.kafkaBootstrapServers() : embeddedKafka().bootstrapServers();
    }

    /** Creates the database unless it exists and returns its JDBC URL (user and password: {@link PostgresServer#USER}). */
    public static String database(String name) {
        return servers() == Servers.CONTAINERS ? ContainerServers.database(name) : postgres().database(name);
    }

    private static synchronized KafkaServer embeddedKafka() {
        if (kafka == null) {
            kafka = KafkaServer.start(0);
            KafkaServer started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close)); // stops the broker and deletes its log
        }
        return kafka;
    }

    private static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(0, null);
            PostgresServer started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close(); // stops the server and deletes its temporary data
                } catch (IOException e) {
                    // the JVM is going away; a temporary directory left behind is harmless
                }
            }));
        }
        return postgres;
    }

    /**
     * An outage of {@code downtime}: the embedded PostgreSQL is stopped hard and started again with the
     * same port and data; the container is paused and resumed.
     */
    public static void restartPostgres(Duration downtime) throws IOException, InterruptedException {
        if (servers() == Servers.CONTAINERS) {
            ContainerServers.pausePostgres(downtime);
        } else {
            postgres().restart(downtime);
        }
    }

    public static synchronized MailCatcher mail() {
        if (mail == null) {
            mail = MailCatcher.start(freePort(), 0, null);
        }
        return mail;
    }

    /** The service's database: {@code invoice} for {@code invoice-service}. */
    static String databaseName(Environment environment) {
        return environment.getProperty("spring.application.name", "service").replace("-service", "").replace('-', '_');
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String database = databaseName(context.getEnvironment());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedInfrastructure", Map.of(
                "DB_URL", database(database),
                "DB_USER", PostgresServer.USER,
                "DB_PASSWORD", PostgresServer.PASSWORD,
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers(),
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", Integer.toString(mail().smtpPort()),
                "AUTH_ISSUER_URI", TestTokens.issuer())));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
