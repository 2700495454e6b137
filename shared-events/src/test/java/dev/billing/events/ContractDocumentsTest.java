package dev.billing.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The records, the JSON Schemas and asyncapi.yaml must say the same thing. After changing a record,
 * run {@code ./mvnw -pl shared-events test -Dcontracts.write=true} to rewrite the documents, and review the diff.
 */
class ContractDocumentsTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    static Stream<EventType<?>> eventTypes() {
        return EventCatalog.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void schemaFileMatchesRecord(EventType<?> type) throws IOException {
        String expected = JsonSchemas.schemaOf(type);
        Path file = RESOURCES.resolve("schemas").resolve(type.schemaFile());
        if (Boolean.getBoolean("contracts.write")) {
            Files.writeString(file, expected);
        }
        assertThat(resource("schemas/" + type.schemaFile()))
                .as("schema of %s; regenerate with -Dcontracts.write=true", type.type())
                .isEqualTo(expected);
    }

    @Test
    void everySchemaFileBelongsToAnEventType() throws IOException {
        Set<String> expected = EventCatalog.all().stream().map(EventType::schemaFile).collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Files.list(RESOURCES.resolve("schemas"))) {
            Set<String> actual = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncApiDescribesEveryTopicAndMessage() throws IOException {
        if (Boolean.getBoolean("contracts.write")) {
            Files.writeString(RESOURCES.resolve("asyncapi.yaml"), AsyncApiDocument.render());
        }
        Map<String, Object> doc = new Yaml().load(resource("asyncapi.yaml"));
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> channels = (Map<String, Object>) doc.get("channels");
        Map<String, Object> messages = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("messages");
        Map<String, Object> operations = (Map<String, Object>) doc.get("operations");

        assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(
                EventCatalog.all().stream().map(EventType::name).toList());
        for (EventType<?> type : EventCatalog.all()) {
            Map<String, Object> message = (Map<String, Object>) messages.get(type.name());
            assertThat(message.get("name")).isEqualTo(type.type());
            assertThat(((Map<String, Object>) message.get("payload")).get("$ref")).isEqualTo("./schemas/" + type.schemaFile());
            Map<String, Object> channel = (Map<String, Object>) channels.get(AsyncApiDocument.channelId(type.topic()));
            assertThat(channel).as("channel of %s", type.topic()).isNotNull();
            assertThat(channel.get("address")).isEqualTo(type.topic());
            assertThat(((Map<String, Object>) channel.get("messages")).keySet()).contains(type.name());
        }
        assertThat(channels.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().map(AsyncApiDocument::channelId).toList());
        assertThat(operations).hasSize(Topics.all().size());
    }

    @Test
    void cloudEventTypesAreVersionedAndUnique() {
        List<String> types = EventCatalog.all().stream().map(EventType::type).toList();
        assertThat(types).doesNotHaveDuplicates().allMatch(t -> t.matches("[a-z.-]+\\.v[0-9]+"));
        Map<String, String> headers = CloudEventHeaders.binaryMode("id-1", types.get(0), "/billing-service",
                java.time.Instant.parse("2027-01-01T00:00:00Z"), "cust-1", "crm", "CRM sync");
        assertThat(headers).containsEntry("ce_specversion", "1.0").containsEntry("ce_type", types.get(0))
                .containsEntry("ce_actor", "crm").containsEntry("ce_actorname", "CRM sync")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void theAsyncApiDocumentNamesEveryCloudEventHeaderTheRelaySends() throws IOException {
        Map<String, String> headers = CloudEventHeaders.binaryMode("id-1", "x.v1", "/s", java.time.Instant.EPOCH, "s/1", "a", "A");
        String asyncApi = resource("asyncapi.yaml");
        for (String header : headers.keySet()) {
            if (header.startsWith("ce_")) {
                assertThat(asyncApi).as("asyncapi.yaml describes " + header).contains("          " + header + ":");
            }
        }
    }

    private static String resource(String name) throws IOException {
        Path file = RESOURCES.resolve(name);
        assertThat(file).as("document %s", name).exists();
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
