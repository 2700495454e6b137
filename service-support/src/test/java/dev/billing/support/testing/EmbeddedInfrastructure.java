package dev.billing.support.testing;

import dev.billing.local.KafkaServer;
import dev.billing.local.MailCatcher;
import dev.billing.local.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
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
    private static MailCatcher mail;

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = KafkaServer.start(0);
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
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

    /** Stops PostgreSQL hard for {@code downtime}, then starts it again with the same port and data. */
    public static void restartPostgres(Duration downtime) throws IOException, InterruptedException {
        postgres().restart(downtime);
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
