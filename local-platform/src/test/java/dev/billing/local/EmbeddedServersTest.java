package dev.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's servers listen where they are told, so users can point their own clients at them. */
class EmbeddedServersTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void kafkaListensOnTheRequestedPort() throws IOException {
        int port = freePort();
        try (KafkaServer kafka = KafkaServer.start(port)) {
            assertThat(kafka.bootstrapServers()).endsWith(":" + port);
        }
    }

    @Test
    void postgresCreatesOneDatabasePerService(@TempDir Path data) throws Exception {
        try (PostgresServer postgres = PostgresServer.start(freePort(), data)) {
            String url = postgres.database("billing");
            assertThat(postgres.database("billing")).isEqualTo(url);
            try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
                 ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("billing");
            }
        }
    }

    @Test
    void mailCatcherKeepsWhatItReceivesInAFolder(@TempDir Path folder) throws Exception {
        try (MailCatcher mail = MailCatcher.start(freePort(), 0, folder)) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(mail.smtpPort()));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("billing@localhost"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("müşteri@example.com.tr"));
            message.setSubject("Faturanız hazır", "UTF-8");
            message.setText("Merhaba", "UTF-8");
            Transport.send(message);
            assertThat(mail.flushToFolder()).isEqualTo(1);
            try (var files = Files.list(folder)) {
                assertThat(files.toList()).hasSize(1);
            }
        }
    }
}
