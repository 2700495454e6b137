package dev.billing.support.testing;

import dev.billing.local.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Kafka and PostgreSQL in Docker containers (Testcontainers), started once per test JVM; chosen by {@link EmbeddedInfrastructure}. */
final class ContainerServers {
    private static KafkaContainer kafka;
    private static PostgreSQLContainer postgres;

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static synchronized KafkaContainer kafka() {
        if (kafka == null) {
            kafka = new KafkaContainer("apache/kafka:4.1.1");
            kafka.start();
        }
        return kafka;
    }

    static String kafkaBootstrapServers() {
        return kafka().getBootstrapServers();
    }

    /**
     * The one server of the test JVM. Its own database, the one its service connection names, is the
     * first one asked for: the service's, which the test configuration's initializer asks for first.
     */
    static synchronized PostgreSQLContainer postgres(String firstDatabase) {
        if (postgres == null) {
            postgres = new PostgreSQLContainer("postgres:17").withDatabaseName(firstDatabase)
                    .withUsername(PostgresServer.USER).withPassword(PostgresServer.PASSWORD);
            postgres.start();
        }
        return postgres;
    }

    static synchronized String database(String name) {
        PostgreSQLContainer server = postgres(name);
        try (Connection connection = DriverManager.getConnection(server.getJdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
            PostgresServer.createUnlessExists(connection, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return "jdbc:postgresql://" + server.getHost() + ":" + server.getMappedPort(5432) + "/" + name;
    }

    /** The container frozen for {@code downtime}: connections stall, as with a server that stopped answering. */
    static void pausePostgres(Duration downtime) throws InterruptedException {
        String id = postgres("postgres_tests").getContainerId();
        DockerClientFactory.instance().client().pauseContainerCmd(id).exec();
        try {
            Thread.sleep(downtime.toMillis()); // the outage itself, not a wait for something to happen
        } finally {
            DockerClientFactory.instance().client().unpauseContainerCmd(id).exec();
        }
    }

    private ContainerServers() {
    }
}
