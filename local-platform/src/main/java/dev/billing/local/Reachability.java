package dev.billing.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks, before any service starts, that Kafka, PostgreSQL and SMTP answer where the services will
 * look for them, each within {@link #WITHIN}, so that a wrong address is named at once instead of
 * every service waiting minutes for it.
 */
final class Reachability {
    static final Duration WITHIN = Duration.ofSeconds(8);

    /** What could not be reached, where, and which setting named the place. */
    static final class UnreachableException extends IllegalStateException {
        UnreachableException(String server, String where, String setting, Throwable cause) {
            super(server + " is not reachable at " + where + " (" + setting + "): " + rootMessage(cause), cause);
        }
    }

    static void kafka(String bootstrapServers, String setting) {
        int millis = (int) WITHIN.toMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis / 2,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2_000L))) {
            admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UnreachableException("Kafka", bootstrapServers, setting, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("Kafka", bootstrapServers, setting, e);
        } catch (Exception e) {
            throw new UnreachableException("Kafka", bootstrapServers, setting, e);
        }
    }

    static void postgres(String jdbcUrl, String user, String password, String setting) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(WITHIN.toSeconds() / 2));
        properties.setProperty("loginTimeout", Long.toString(WITHIN.toSeconds()));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.isValid((int) WITHIN.toSeconds());
        } catch (Exception e) {
            throw new UnreachableException("PostgreSQL", jdbcUrl, setting, e);
        }
    }

    /** Connects and reads the server's greeting: an SMTP server answers {@code 220} first. */
    static void smtp(String host, int port, String setting) {
        String where = host + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) WITHIN.toMillis() / 2);
            socket.setSoTimeout((int) WITHIN.toMillis() / 2);
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (greeting == null || !greeting.startsWith("220")) {
                throw new IOException("no SMTP greeting, got: " + greeting);
            }
        } catch (IOException e) {
            throw new UnreachableException("SMTP", where, setting, e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error || root.getMessage() == null ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + root.getMessage() + ")";
    }

    private Reachability() {
    }
}
