package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.local.PlatformService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked against the code: every service has an
 * entry with its own database, and sets exactly variables that the service reads.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::|})");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    static Stream<PlatformService> platformServices() {
        return PlatformService.all().stream();
    }

    /** Variables a module reads: placeholders in its configuration and code, and in the shared service defaults and plumbing. */
    private static Set<String> variablesReadBy(String module) throws IOException {
        Set<String> names = new HashSet<>();
        List<Path> files = new java.util.ArrayList<>(List.of(ROOT.resolve(module).resolve("src/main/resources/application.yml")));
        files.addAll(javaSources(ROOT.resolve(module)));
        if (!module.equals(PlatformService.GATEWAY_MODULE)) {
            files.add(ROOT.resolve("service-support/src/main/resources/service-defaults.properties"));
            files.addAll(javaSources(ROOT.resolve("service-support")));
        }
        for (Path file : files) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        names.add("SPRING_PROFILES_ACTIVE"); // read by Spring Boot itself
        return names;
    }

    private static List<Path> javaSources(Path module) throws IOException {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        }
    }

    @ParameterizedTest
    @MethodSource("platformServices")
    @SuppressWarnings("unchecked")
    void everyServiceHasAnEntryWithItsOwnDatabaseAndKnownVariables(PlatformService service) throws IOException {
        Map<String, Object> services = services();
        Map<String, Object> entry = (Map<String, Object>) services.get(service.module());
        assertThat(entry).as("compose entry for %s", service.module()).isNotNull();
        assertThat(entry.get("build")).isEqualTo("./" + service.module());
        assertThat(ROOT.resolve(service.module()).resolve("Dockerfile")).exists();

        Map<String, Object> env = (Map<String, Object>) entry.get("environment");
        String dbUrl = String.valueOf(env.get("DB_URL"));
        assertThat(dbUrl).startsWith("jdbc:postgresql://");
        String dbHost = dbUrl.substring("jdbc:postgresql://".length(), dbUrl.indexOf(':', "jdbc:postgresql://".length()));
        Map<String, Object> db = (Map<String, Object>) services.get(dbHost);
        assertThat(db).as("database service %s", dbHost).isNotNull();
        assertThat(String.valueOf(db.get("image"))).startsWith("postgres");
        assertThat(dbUrl).endsWith("/" + ((Map<String, Object>) db.get("environment")).get("POSTGRES_DB"));
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(String.valueOf(env.get("SERVER_PORT"))).isEqualTo(Integer.toString(service.port()));

        assertThat(variablesReadBy(service.module())).as("variables %s reads", service.module())
                .containsAll(env.keySet());
    }

    @Test
    void everyServiceHasADatabaseOfItsOwn() throws IOException {
        Set<String> hosts = new HashSet<>();
        for (PlatformService service : PlatformService.all()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) services().get(service.module())).get("environment");
            assertThat(hosts.add(String.valueOf(env.get("DB_URL")).split("/")[2])).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void gatewayKnowsEveryService() throws IOException {
        Map<String, Object> gateway = (Map<String, Object>) services().get(PlatformService.GATEWAY_MODULE);
        Map<String, Object> env = (Map<String, Object>) gateway.get("environment");
        for (PlatformService service : PlatformService.all()) {
            assertThat(env.get(service.urlVariable())).isEqualTo("http://" + service.module() + ":" + service.port());
        }
        assertThat(variablesReadBy(PlatformService.GATEWAY_MODULE)).containsAll(env.keySet());
        assertThat(services()).containsKey("kafka");
    }
}
