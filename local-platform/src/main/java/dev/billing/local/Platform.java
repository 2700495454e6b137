package dev.billing.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine: Kafka, PostgreSQL and SMTP (embedded unless an existing server
 * is named), then the chosen services, each as its own process, optionally behind the gateway.
 */
public final class Platform implements AutoCloseable {
    private final Settings settings;
    private final List<AutoCloseable> infrastructure = new ArrayList<>();
    private final Map<PlatformService, ServiceProcess> services = new EnumMap<>(PlatformService.class);
    private ServiceProcess gateway;
    private KafkaServer kafka;
    private PostgresServer postgres;
    private MailCatcher mail;
    private String kafkaBootstrap;
    private String smtpHost;
    private int smtpPort;

    /**
     * What to start and where. {@code externalKafka}, {@code externalPostgresUrl} ({@code jdbc:postgresql://host:port},
     * databases named after the services must exist) and {@code externalSmtpHost} replace the embedded servers.
     */
    public record Settings(Path projectRoot, Path dataDirectory, int portBase, int kafkaPort, int postgresPort,
                           int smtpPort, int mailPagePort, List<PlatformService> services, boolean gateway,
                           String externalKafka, String externalPostgresUrl, String postgresUser, String postgresPassword,
                           String externalSmtpHost, int externalSmtpPort, Map<String, String> extraEnvironment) {
    }

    private Platform(Settings settings) {
        this.settings = settings;
    }

    public static Platform start(Settings settings) {
        Platform platform = new Platform(settings);
        try {
            platform.startInfrastructure();
            platform.startServices();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        if (settings.externalKafka() != null) {
            kafkaBootstrap = settings.externalKafka();
        } else {
            kafka = KafkaServer.start(settings.kafkaPort());
            infrastructure.add(kafka);
            kafkaBootstrap = kafka.bootstrapServers();
        }
        if (settings.externalPostgresUrl() == null) {
            postgres = PostgresServer.start(settings.postgresPort(),
                    settings.dataDirectory() == null ? null : settings.dataDirectory().resolve("postgres"));
            infrastructure.add(postgres);
        }
        if (settings.externalSmtpHost() != null) {
            smtpHost = settings.externalSmtpHost();
            smtpPort = settings.externalSmtpPort();
        } else {
            mail = MailCatcher.start(settings.smtpPort(), settings.mailPagePort(),
                    settings.dataDirectory() == null ? null : settings.dataDirectory().resolve("mail"));
            infrastructure.add(mail);
            smtpHost = "127.0.0.1";
            smtpPort = mail.smtpPort();
        }
    }

    private void startServices() {
        Path logs = settings.dataDirectory() == null ? settings.projectRoot().resolve("target/platform-logs")
                : settings.dataDirectory().resolve("logs");
        for (PlatformService service : settings.services()) {
            services.put(service, ServiceProcess.start(settings.projectRoot(), service.module(), port(service),
                    environmentOf(service), logs));
        }
        if (settings.gateway()) {
            Map<String, String> env = new HashMap<>(settings.extraEnvironment());
            for (PlatformService service : PlatformService.values()) {
                env.put(service.urlVariable(), "http://localhost:" + port(service));
            }
            gateway = ServiceProcess.start(settings.projectRoot(), PlatformService.GATEWAY_MODULE, settings.portBase(), env, logs);
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ServiceProcess process : processes()) {
            ready.add(CompletableFuture.runAsync(() -> process.awaitReady(Duration.ofSeconds(180))));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    }

    /** The variables a service reads; docker-compose.yml sets the same ones. */
    public Map<String, String> environmentOf(PlatformService service) {
        Map<String, String> env = new LinkedHashMap<>(settings.extraEnvironment());
        env.put("DB_URL", jdbcUrl(service));
        env.put("DB_USER", settings.externalPostgresUrl() == null ? PostgresServer.USER : settings.postgresUser());
        env.put("DB_PASSWORD", settings.externalPostgresUrl() == null ? PostgresServer.PASSWORD : settings.postgresPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("SMTP_HOST", smtpHost);
        env.put("SMTP_PORT", Integer.toString(smtpPort));
        return env;
    }

    private String jdbcUrl(PlatformService service) {
        if (settings.externalPostgresUrl() != null) {
            return settings.externalPostgresUrl() + "/" + service.database();
        }
        return postgres.database(service.database());
    }

    public int port(PlatformService service) {
        return settings.portBase() + 1 + service.ordinal();
    }

    public String url(PlatformService service) {
        return "http://localhost:" + port(service);
    }

    public String gatewayUrl() {
        return "http://localhost:" + settings.portBase();
    }

    public ServiceProcess process(PlatformService service) {
        return services.get(service);
    }

    /** Kills a service as a crash would and starts it again on the same port and database. */
    public ServiceProcess restart(PlatformService service, boolean crash) {
        ServiceProcess old = services.get(service);
        if (crash) {
            old.kill();
        } else {
            old.close();
        }
        Path logs = old.log().getParent();
        ServiceProcess fresh = ServiceProcess.start(settings.projectRoot(), service.module(), port(service),
                environmentOf(service), logs);
        services.put(service, fresh);
        fresh.awaitReady(Duration.ofSeconds(180));
        return fresh;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    public MailCatcher mail() {
        return mail;
    }

    public String smtpDescription() {
        return smtpHost + ":" + smtpPort;
    }

    private List<ServiceProcess> processes() {
        List<ServiceProcess> all = new ArrayList<>(services.values());
        if (gateway != null) {
            all.add(gateway);
        }
        return all;
    }

    @Override
    public void close() {
        List<ServiceProcess> running = processes();
        running.parallelStream().forEach(ServiceProcess::close);
        services.clear();
        gateway = null;
        List<AutoCloseable> reversed = new ArrayList<>(infrastructure);
        Collections.reverse(reversed);
        for (AutoCloseable server : reversed) {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("Could not stop " + server + ": " + e);
            } catch (Exception e) {
                System.err.println("Could not stop " + server + ": " + e);
            }
        }
        infrastructure.clear();
    }
}
