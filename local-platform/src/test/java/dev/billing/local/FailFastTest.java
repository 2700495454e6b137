package dev.billing.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that cannot be reached is named, with its address and the setting that named it, before any service starts. */
class FailFastTest {

    @Test
    void anUnreachableKafkaStopsTheStartBeforeAnyService(@TempDir Path root) throws Exception {
        int closedPort = KafkaServer.freePort();
        Platform.Settings settings = new Platform.Settings(root, root.resolve("data"), 0, 0, 0, 0, 0,
                List.of(PlatformService.BILLING), true, "127.0.0.1:" + closedPort, null, null, null, null, 0, Map.of());

        assertThatThrownBy(() -> Platform.start(settings))
                .isInstanceOf(Reachability.UnreachableException.class)
                .hasMessageStartingWith("Kafka is not reachable at 127.0.0.1:" + closedPort + " (KAFKA_BOOTSTRAP_SERVERS)");
        assertThat(root.resolve("data/logs")).doesNotExist();
    }

    @Test
    void anUnreachablePostgresIsNamedWithItsUrl() {
        int closedPort = KafkaServer.freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/billing";

        assertThatThrownBy(() -> Reachability.postgres(url, "postgres", "postgres", "POSTGRES_URL"))
                .isInstanceOf(Reachability.UnreachableException.class)
                .hasMessageStartingWith("PostgreSQL is not reachable at " + url + " (POSTGRES_URL)");
    }

    @Test
    void aPortWithoutAnSmtpServerIsNamed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            int port = silent.getLocalPort();
            assertThatThrownBy(() -> Reachability.smtp("127.0.0.1", port, "SMTP_HOST/SMTP_PORT"))
                    .isInstanceOf(Reachability.UnreachableException.class)
                    .hasMessageStartingWith("SMTP is not reachable at 127.0.0.1:" + port + " (SMTP_HOST/SMTP_PORT)");
        }
    }

    @Test
    void theMailCatcherAnswersAsAnSmtpServer() {
        try (MailCatcher mail = MailCatcher.start(KafkaServer.freePort(), 0, null)) {
            Reachability.smtp("127.0.0.1", mail.smtpPort(), "LOCAL_SMTP_PORT");
        }
    }
}
