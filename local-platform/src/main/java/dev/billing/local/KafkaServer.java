package dev.billing.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Apache Kafka's own broker (KRaft, broker and controller in one node) inside this JVM, listening on
 * loopback only. Its storage is formatted in a fresh temporary directory, so every start is empty.
 */
public final class KafkaServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(12);
    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final int port;

    private KafkaServer(KafkaRaftServer server, Path logDirectory, int port) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.port = port;
    }

    /** Starts a broker on {@code port} (0 = a free port) and returns once a client can use it. */
    public static KafkaServer start(int port) {
        int brokerPort = port > 0 ? port : freePort();
        Path logDirectory;
        try {
            logDirectory = Files.createTempDirectory("local-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka: no temporary directory for its log", e);
        }
        Properties properties = properties(brokerPort, freePort(), logDirectory.resolve("data"));
        KafkaRaftServer server = null;
        try {
            format(properties, logDirectory.resolve("server.properties"));
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            KafkaServer started = new KafkaServer(server, logDirectory, brokerPort);
            started.awaitReady();
            return started;
        } catch (RuntimeException e) {
            if (server != null) {
                stop(server);
            }
            deleteRecursively(logDirectory);
            throw new IllegalStateException("Kafka did not start on 127.0.0.1:" + brokerPort + ": " + e.getMessage(), e);
        }
    }

    static Properties properties(int brokerPort, int controllerPort, Path data) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", data.toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.partitions", "3"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        return p;
    }

    /** The {@code kafka-storage.sh format} step, in-process ({@code main} would exit the JVM). */
    private static void format(Properties properties, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "local Kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting its storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_WITHIN.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READY_WITHIN.toMillis() / 2))) {
            admin.describeCluster().nodes().get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no answer from the broker within " + READY_WITHIN, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop(server);
        deleteRecursively(logDirectory);
    }

    @Override
    public String toString() {
        return "Kafka on " + bootstrapServers();
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
