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

/**
 * The whole platform on one machine: Kafka, PostgreSQL and SMTP (embedded unless an existing server
 * is named), then the chosen services, each as its own process, optionally behind the gateway.
 */
public final class Platform implements AutoCloseable {
    static final int MANAGEMENT_PORT_OFFSET = 1000;
    private final Settings settings;
    private final List<AutoCloseable> infrastructure = new ArrayList<>();
    private final Map<PlatformService, ServiceProcess> services = new EnumMap<>(PlatformService.class);
    private final List<ServiceProcess> launched = new ArrayList<>();
    private ServiceProcess gateway;
    private final Thread stopOnExit = new Thread(this::close, "platform-stop-on-exit");
    private volatile boolean closed;
    private KafkaServer kafka;
    private PostgresServer postgres;
    private MailCatcher mail;
    private PhoneSandbox phones;
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

    /** {@link #close()} was called while {@link #start()} was still at work: nothing is left running. */
    public static final class StoppedWhileStartingException extends IllegalStateException {
        StoppedWhileStartingException(Throwable cause) {
            super("Stopped while starting", cause);
        }
    }

    /**
     * The machine client that scripts and tests use (role ADMIN), the first staff user (ADMIN, signs in to the UI), and
     * the token issuer every service trusts.
     */
    public record Access(String clientId, String clientSecret, String adminUsername, String adminPassword, String issuer) {
    }

    /** The gateway's own database: staff users. */
    public static final String GATEWAY_DATABASE = "gateway";

    private final Access access;

    private Platform(Settings settings) {
        this.settings = settings;
        this.access = new Access(setting("PLATFORM_CLIENT_ID", "platform-local"),
                setting("PLATFORM_CLIENT_SECRET", randomSecret()),
                setting("PLATFORM_ADMIN_USERNAME", "admin"), setting("PLATFORM_ADMIN_PASSWORD", randomSecret()),
                setting("AUTH_ISSUER_URI", "http://localhost:" + settings.portBase()));
        // a JVM that ends without closing its platform (a test run stopped with Ctrl-C or SIGTERM) leaves no service
        // process behind holding the platform's ports
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** A variable given to this platform, else one of this process's environment, else the fallback. */
    private String setting(String name, String fallback) {
        String value = settings.extraEnvironment().getOrDefault(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A new secret per run unless the variable sets one: a local platform has no well-known credentials. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Access access() {
        return access;
    }

    /** A platform that has started nothing yet: {@link #close()} may be called from another thread at any moment of {@link #start()}. */
    public static Platform create(Settings settings) {
        return new Platform(settings);
    }

    /** Starts and waits for the whole platform; see {@link #start()}. */
    public static Platform start(Settings settings) {
        return create(settings).start();
    }

    /**
     * Starts the servers, checking each one answers where the services will look for it (so a wrong
     * address is named within seconds, before any service starts), then starts the services and waits until all are ready. On
     * failure, everything started so far is stopped.
     */
    public Platform start() {
        try {
            startInfrastructure();
            startServices();
            return this;
        } catch (RuntimeException e) {
            boolean stoppedFromOutside = closed;
            close();
            if (stoppedFromOutside) {
                throw new StoppedWhileStartingException(e);
            }
            throw e;
        }
    }

    private void startInfrastructure() {
        if (settings.externalKafka() != null) {
            kafkaBootstrap = settings.externalKafka();
        } else {
            kafka = started(KafkaServer.start(settings.kafkaPort()));
            kafkaBootstrap = kafka.bootstrapServers();
        }
        Reachability.kafka(kafkaBootstrap, settings.externalKafka() != null ? "KAFKA_BOOTSTRAP_SERVERS" : "LOCAL_KAFKA_PORT");
        if (settings.externalPostgresUrl() == null) {
            postgres = started(PostgresServer.start(settings.postgresPort(),
                    settings.dataDirectory() == null ? null : settings.dataDirectory().resolve("postgres")));
        }
        for (PlatformService service : settings.services()) {
            Reachability.postgres(jdbcUrl(service), user(), password(),
                    settings.externalPostgresUrl() != null ? "POSTGRES_URL" : "LOCAL_POSTGRES_PORT");
        }
        if (settings.gateway()) {
            Reachability.postgres(jdbcUrl(GATEWAY_DATABASE), user(), password(),
                    settings.externalPostgresUrl() != null ? "POSTGRES_URL" : "LOCAL_POSTGRES_PORT");
        }
        if (settings.externalSmtpHost() != null) {
            smtpHost = settings.externalSmtpHost();
            smtpPort = settings.externalSmtpPort();
        } else {
            mail = started(MailCatcher.start(settings.smtpPort(), settings.mailPagePort(),
                    settings.dataDirectory() == null ? null : settings.dataDirectory().resolve("mail")));
            smtpHost = "127.0.0.1";
            smtpPort = mail.smtpPort();
        }
        Reachability.smtp(smtpHost, smtpPort, settings.externalSmtpHost() != null ? "SMTP_HOST/SMTP_PORT" : "LOCAL_SMTP_PORT");
        if (setting("TWILIO_ACCOUNT_SID", "").isBlank() && setting("WHATSAPP_TOKEN", "").isBlank()) {
            // no real SMS or WhatsApp provider given: the sandbox takes their messages, on its page when the mail page is on too
            phones = started(PhoneSandbox.start(Integer.parseInt(setting("LOCAL_PHONE_PAGE_PORT", settings.mailPagePort() > 0 ? "8026" : "0")),
                    publicBaseUrl()));
        }
    }

    /** Where customers and providers reach the platform: the gateway, unless PUBLIC_BASE_URL says otherwise. */
    private String publicBaseUrl() {
        return setting("PUBLIC_BASE_URL", "http://localhost:" + settings.portBase());
    }

    private synchronized <T extends AutoCloseable> T started(T server) {
        infrastructure.add(server);
        if (closed) {
            throw new StoppedWhileStartingException(null);
        }
        return server;
    }

    private void startServices() {
        Path logs = settings.dataDirectory() == null ? settings.projectRoot().resolve("target/platform-logs")
                : settings.dataDirectory().resolve("logs");
        for (PlatformService service : settings.services()) {
            ServiceProcess process = launch(service.module(), port(service), managementPort(service), environmentOf(service), logs);
            synchronized (this) {
                services.put(service, process);
            }
        }
        if (settings.gateway()) {
            Map<String, String> env = new HashMap<>(settings.extraEnvironment());
            env.put("AUTH_ISSUER_URI", access.issuer());
            env.put("PLATFORM_CLIENT_ID", access.clientId());
            env.put("PLATFORM_CLIENT_SECRET", access.clientSecret());
            env.put("PLATFORM_ADMIN_USERNAME", access.adminUsername());
            env.put("PLATFORM_ADMIN_PASSWORD", access.adminPassword());
            env.put("DB_URL", jdbcUrl(GATEWAY_DATABASE));
            env.put("DB_USER", user());
            env.put("DB_PASSWORD", password());
            // the payment portal sends customers back to its own pages from the provider's
            env.putIfAbsent("PUBLIC_BASE_URL", publicBaseUrl());
            for (PlatformService service : PlatformService.values()) {
                env.put(service.urlVariable(), "http://localhost:" + port(service));
            }
            ServiceProcess process = launch(PlatformService.GATEWAY_MODULE, settings.portBase(), settings.portBase(), env, logs);
            synchronized (this) {
                gateway = process;
            }
        }
        List<Thread> waiting = new ArrayList<>();
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        for (ServiceProcess process : processes()) {
            Thread thread = new Thread(() -> {
                try {
                    process.awaitReady(Duration.ofSeconds(180));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "await-" + process.name());
            thread.start();
            waiting.add(thread);
        }
        for (Thread thread : waiting) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the services", e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** Starts a process unless the platform is being stopped; a process started here is always stopped by {@link #close()}. */
    private synchronized ServiceProcess launch(String module, int port, int managementPort, Map<String, String> environment, Path logs) {
        if (closed) {
            throw new StoppedWhileStartingException(null);
        }
        ServiceProcess process = ServiceProcess.start(settings.projectRoot(), module, port, managementPort, environment, logs);
        launched.add(process);
        return process;
    }

    private String user() {
        return settings.externalPostgresUrl() == null ? PostgresServer.USER : settings.postgresUser();
    }

    private String password() {
        return settings.externalPostgresUrl() == null ? PostgresServer.PASSWORD : settings.postgresPassword();
    }

    /** The variables a service reads; docker-compose.yml sets the same ones. */
    public Map<String, String> environmentOf(PlatformService service) {
        Map<String, String> env = new LinkedHashMap<>(settings.extraEnvironment());
        // the local run and the system tests move time with the test clock; docker-compose.yml leaves it off
        env.putIfAbsent("SPRING_PROFILES_ACTIVE", "test-clock");
        env.put("DB_URL", jdbcUrl(service));
        env.put("DB_USER", user());
        env.put("DB_PASSWORD", password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("SMTP_HOST", smtpHost);
        env.put("SMTP_PORT", Integer.toString(smtpPort));
        env.put("AUTH_ISSUER_URI", access.issuer());
        env.putIfAbsent("PUBLIC_BASE_URL", publicBaseUrl());
        if (service == PlatformService.NOTIFICATION && phones != null) {
            phones.credentials().forEach(env::putIfAbsent);
        }
        return env;
    }

    private String jdbcUrl(PlatformService service) {
        return jdbcUrl(service.database());
    }

    private String jdbcUrl(String database) {
        if (settings.externalPostgresUrl() != null) {
            return settings.externalPostgresUrl() + "/" + database;
        }
        return postgres.database(database);
    }

    public int port(PlatformService service) {
        return settings.portBase() + 1 + service.ordinal();
    }

    /** The service's actuator port: its HTTP port plus 1000, as every service computes it unless MANAGEMENT_PORT is set. */
    public int managementPort(PlatformService service) {
        return port(service) + MANAGEMENT_PORT_OFFSET;
    }

    public String managementUrl(PlatformService service) {
        return "http://localhost:" + managementPort(service);
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
        ServiceProcess fresh = launch(service.module(), port(service), managementPort(service), environmentOf(service), logs);
        synchronized (this) {
            services.put(service, fresh);
        }
        fresh.awaitReady(Duration.ofSeconds(180));
        return fresh;
    }

    /** Stops PostgreSQL hard for {@code downtime} and starts it again with the same data (embedded PostgreSQL only). */
    public void restartPostgres(Duration downtime) throws IOException, InterruptedException {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not embedded here: " + settings.externalPostgresUrl());
        }
        postgres.restart(downtime);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** The SMS and WhatsApp sandbox, or null when real providers are configured. */
    public PhoneSandbox phones() {
        return phones;
    }

    public MailCatcher mail() {
        return mail;
    }

    public String smtpDescription() {
        return smtpHost + ":" + smtpPort;
    }

    private synchronized List<ServiceProcess> processes() {
        List<ServiceProcess> all = new ArrayList<>(services.values());
        if (gateway != null) {
            all.add(gateway);
        }
        return all;
    }

    /** Stops every process this platform started, then the servers; safe to call at any moment and more than once. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        List<AutoCloseable> servers;
        synchronized (this) {
            closed = true;
            running = new ArrayList<>(launched);
            launched.clear();
            services.clear();
            gateway = null;
            servers = new ArrayList<>(infrastructure);
            infrastructure.clear();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess process : running) {
            Thread thread = new Thread(process::close, "stop-" + process.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Collections.reverse(servers);
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + server + ": " + e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // closed by a hook while the JVM ends: nothing to unregister
        }
    }
}
