package dev.billing.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server from embedded binaries, one database per service. */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    private final Path dataDirectory;
    private final boolean temporary;
    private EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean temporary) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
    }

    /**
     * Starts a server on {@code port} (0 picks a free one). With a data directory the data outlives
     * the process; without one it lives in a temporary directory deleted on {@link #close()}.
     */
    public static PostgresServer start(int port, Path dataDirectory) {
        try {
            boolean temporary = dataDirectory == null;
            Path directory = temporary ? Files.createTempDirectory("local-postgres-") : dataDirectory;
            return new PostgresServer(embedded(port, directory), directory, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    private static EmbeddedPostgres embedded(int port, Path directory) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * An outage as an operator would cause one: stops the server (open connections are cut), keeps it
     * down for {@code downtime}, and starts it again on the same port with the same data.
     */
    public synchronized void restart(Duration downtime) throws IOException, InterruptedException {
        int port = postgres.getPort();
        postgres.close();
        Thread.sleep(downtime.toMillis()); // the outage itself, not a wait for something to happen
        postgres = embedded(port, dataDirectory);
    }

    /** Creates the database unless it exists, and returns its JDBC URL. */
    public String database(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            createUnlessExists(connection, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** Creates database {@code name} through {@code connection} (to any database of the server) unless it exists. */
    public static void createUnlessExists(Connection connection, String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
            if (!rs.next()) {
                statement.execute("create database " + name);
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public synchronized void close() throws IOException {
        postgres.close();
        if (temporary) {
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port();
    }
}
