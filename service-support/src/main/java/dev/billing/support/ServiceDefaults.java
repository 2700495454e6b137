package dev.billing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code service-defaults.properties} as the lowest-precedence configuration of every service,
 * turns on JSON logs with {@code LOG_FORMAT=json}, and puts the actuator on a management port of its own: {@code MANAGEMENT_PORT}, or the HTTP port
 * plus {@value #MANAGEMENT_PORT_OFFSET} (a random one when the HTTP port is random, as in tests).
 */
public class ServiceDefaults implements EnvironmentPostProcessor {
    public static final int MANAGEMENT_PORT_OFFSET = 1000;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            for (PropertySource<?> source : new PropertiesPropertySourceLoader()
                    .load("serviceDefaults", new ClassPathResource("service-defaults.properties"))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // LOG_FORMAT=json: one JSON object per log line (Logstash layout), for log shippers
        if ("json".equalsIgnoreCase(environment.getProperty("LOG_FORMAT", "")) && !environment.containsProperty("logging.structured.format.console")) {
            environment.getPropertySources().addFirst(new MapPropertySource("jsonLogs", Map.of("logging.structured.format.console", "logstash")));
        }
        if (!environment.containsProperty("management.server.port")) {
            String explicit = environment.getProperty("MANAGEMENT_PORT");
            int server = environment.getProperty("server.port", Integer.class, 8080);
            String port = explicit != null && !explicit.isBlank() ? explicit.trim()
                    : Integer.toString(server == 0 ? 0 : server + MANAGEMENT_PORT_OFFSET);
            environment.getPropertySources().addFirst(new MapPropertySource("managementPort", Map.of("management.server.port", port)));
        }
    }
}
