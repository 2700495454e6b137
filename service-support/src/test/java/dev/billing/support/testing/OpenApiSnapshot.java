package dev.billing.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opentest4j.AssertionFailedError;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's OpenAPI document, as the running service serves it at {@code /v3/api-docs}, against the
 * snapshot committed in {@code docs/openapi/<service>.json}. Both are compared normalised: object keys
 * sorted, pretty-printed, and without {@code servers} (where the document is served from is not part of
 * the contract). After changing an endpoint, run the module's {@code OpenApiDocumentIT} with
 * {@code -Dcontracts.write=true} to rewrite the snapshot, and review the diff.
 */
public final class OpenApiSnapshot {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    private static final int CONTEXT_LINES = 3;

    /**
     * Fetches {@code /v3/api-docs} from the service on {@code port} and compares it with
     * {@code docs/openapi/<service>.json}; {@code service} is the short name the gateway serves it under
     * ({@code /v3/api-docs/<service>}), e.g. {@code invoice}.
     */
    public static void assertMatchesSnapshot(int port, String service) {
        ApiClient.Response response = new ApiClient("http://localhost:" + port).get("/v3/api-docs");
        assertThat(response.status()).as("GET /v3/api-docs: %s", response.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("openapi").asString()).as("OpenAPI version").startsWith("3.1.");
        for (JsonNode server : document.path("servers")) {
            assertThat(server.path("url").asString())
                    .as("server url: relative, so that calls go where the document was read from (the gateway)")
                    .startsWith("/");
        }
        assertMatchesSnapshot(normalise(document), snapshotFile(service), service);
    }

    /** The normalised form that is committed: sorted keys, two-space indent, no servers, one final newline. */
    public static String normalise(JsonNode document) {
        JsonNode copy = sorted(document);
        if (copy instanceof ObjectNode object) {
            object.remove("servers");
        }
        return JSON.writer().with(PRETTY).writeValueAsString(copy) + "\n";
    }

    /** {@code docs/openapi/<service>.json} in the project's root directory (the one holding {@code mvnw}). */
    public static Path snapshotFile(String service) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no project root (a directory with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs").resolve("openapi").resolve(service + ".json");
    }

    private static void assertMatchesSnapshot(String actual, Path file, String service) {
        String module = service + "-service";
        String regenerate = "./mvnw -pl " + module + " verify -Dit.test=OpenApiDocumentIT -Dcontracts.write=true";
        try {
            if (Boolean.getBoolean("contracts.write")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            assertThat(file).as("snapshot of the OpenAPI document of %s; create it with %s", module, regenerate).exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                Path served = Path.of("target", "openapi", service + ".json").toAbsolutePath();
                Files.createDirectories(served.getParent());
                Files.writeString(served, actual, StandardCharsets.UTF_8);
                throw new AssertionFailedError("The OpenAPI document of " + module + " differs from its snapshot "
                        + file + ".\n" + firstDifference(expected, actual)
                        + "The whole served document (normalised) is in " + served + ".\n"
                        + "If the change is intended, regenerate the snapshot with\n  " + regenerate
                        + "\nand review the diff.", expected, actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines around the first line where the two texts part, each side numbered. */
    static String firstDifference(String expected, String actual) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        int first = 0;
        while (first < before.size() && first < after.size() && before.get(first).equals(after.get(first))) {
            first++;
        }
        return "First difference at line " + (first + 1) + ".\n"
                + excerpt("snapshot", before, first) + excerpt("served  ", after, first);
    }

    private static String excerpt(String label, List<String> lines, int at) {
        StringBuilder text = new StringBuilder();
        int from = Math.max(0, at - CONTEXT_LINES);
        int to = Math.min(lines.size(), at + CONTEXT_LINES + 1);
        if (at >= lines.size()) {
            text.append(label).append(" | (ends after line ").append(lines.size()).append(")\n");
        }
        for (int i = from; i < to; i++) {
            text.append(label).append(i == at ? " > " : " | ").append(String.format("%5d  ", i + 1))
                    .append(lines.get(i)).append('\n');
        }
        return text.toString();
    }

    /** A copy with every object's keys in natural order; arrays keep their order (it is meaningful). */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(entry -> fields.put(entry.getKey(), sorted(entry.getValue())));
            ObjectNode copy = JSON.createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            ArrayNode copy = JSON.createArrayNode();
            items.forEach(copy::add);
            return copy;
        }
        return node;
    }

    private OpenApiSnapshot() {
    }
}
