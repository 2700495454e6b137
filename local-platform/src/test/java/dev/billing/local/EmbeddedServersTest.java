package dev.billing.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    void kafkaListensOnTheRequestedPortForAPlainClient() throws Exception {
        int port = freePort();
        try (KafkaServer kafka = KafkaServer.start(port)) {
            String bootstrap = "127.0.0.1:" + port;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("plain.client", "key", "hello")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "plain-client",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of("plain.client"));
                List<String> values = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                    return !values.isEmpty();
                });
                assertThat(values).containsExactly("hello");
            }
        }
    }

    @Test
    void kafkaListensOnLoopbackOnly() throws Exception {
        int port = freePort();
        try (KafkaServer kafka = KafkaServer.start(port)) {
            List<InetAddress> outward = NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> !address.isLoopbackAddress() && address instanceof Inet4Address)
                    .toList();
            assumeFalse(outward.isEmpty(), "this machine has no address besides loopback");
            for (InetAddress address : outward) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 2000);
                    }
                }).as("connect to %s:%d", address, port).isInstanceOf(IOException.class);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }
    }

    @Test
    void postgresListensOnTheRequestedPortWithOneDatabasePerService(@TempDir Path data) throws Exception {
        int port = freePort();
        try (PostgresServer postgres = PostgresServer.start(port, data)) {
            String url = postgres.database("billing");
            assertThat(postgres.database("billing")).isEqualTo(url);
            // a plain JDBC client on the requested port, not the URL the server hands out
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/billing",
                    PostgresServer.USER, PostgresServer.PASSWORD);
                 ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("billing");
            }
        }
    }

    @Test
    void mailCatcherTakesMailOnTheRequestedPortAndKeepsItInAFolder(@TempDir Path folder) throws Exception {
        int port = freePort();
        try (MailCatcher mail = MailCatcher.start(port, 0, folder)) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(port));
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
