package dev.billing.gateway;

import dev.billing.local.PostgresServer;
import java.io.IOException;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A real PostgreSQL for the gateway's tests (embedded binaries, as the local run uses), started once per test
 * JVM, with a fresh database per test context, and the admin credentials the tests sign in with.
 */
public final class GatewayDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    private static PostgresServer postgres;
    private static int contexts;

    static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(0, null);
            PostgresServer started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is going away; a temporary directory left behind is harmless
                }
            }));
        }
        return postgres;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String database;
        synchronized (GatewayDatabase.class) {
            database = "gateway_" + (++contexts);
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("gatewayDatabase", Map.of(
                "DB_URL", postgres().database(database),
                "DB_USER", PostgresServer.USER,
                "DB_PASSWORD", PostgresServer.PASSWORD,
                "PLATFORM_ADMIN_USERNAME", ADMIN,
                "PLATFORM_ADMIN_PASSWORD", ADMIN_PASSWORD)));
    }
}
