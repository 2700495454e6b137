package dev.billing.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.time.PlatformClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The service as it runs without the {@code test-clock} profile (here with a profile the platform does
 * not know, which must mean "off" as much as none or {@code production} does): the endpoint is refused
 * and a broadcast cannot move its time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = EmbeddedInfrastructure.class)
@ActiveProfiles("staging")
class TestClockProfileIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    PlatformClock clock;

    @Test
    void withoutTheTestClockProfileTheEndpointIsForbiddenAndBroadcastsAreIgnored() throws Exception {
        ApiClient api = new ApiClient("http://localhost:" + port);

        ApiClient.Response read = api.get("/api/test-clock");
        ApiClient.Response move = api.put("/api/test-clock", "{\"now\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"}");

        assertThat(read.status()).isEqualTo(403);
        assertThat(move.status()).isEqualTo(403);
        assertThat(move.header("Content-Type")).startsWith("application/problem+json");
        assertThat(move.body()).contains("test-clock");
        try (KafkaProbe kafka = KafkaProbe.onEmbeddedBroker(Topics.TEST_CLOCK)) {
            String eventId = UUID.randomUUID().toString();
            kafka.send(Topics.TEST_CLOCK, "platform", eventId, EventCatalog.TEST_CLOCK_MOVED.type(),
                    "{\"now\":\"2099-01-01T00:00:00Z\",\"offsetMillis\":999999999}");
            kafka.await(r -> eventId.equals(KafkaProbe.header(r, "ce_id")), 1, Duration.ofSeconds(10));
        }
        // the broadcast has been on the topic the service reads; give it its poll, then check nothing moved
        assertThat(dev.billing.support.testing.Eventually.await(clock::offsetMillis, offset -> offset != 0,
                Duration.ofSeconds(3))).isZero();
    }

    @Test
    void theTestClockTopicIsCompactedSoTheLatestMoveOutlivesRetention() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedInfrastructure.kafkaBootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TEST_CLOCK);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }
}
