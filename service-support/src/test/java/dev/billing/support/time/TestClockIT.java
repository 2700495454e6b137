package dev.billing.support.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.Topics;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.KafkaProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** A move that failed half-way is completed by asking for it again, against a real broker. */
class TestClockIT {

    @Test
    void aMoveWhoseDueWorkFailedIsCompletedOnRetryAndThenBroadcast() {
        PlatformClock clock = new PlatformClock(Clock.systemUTC());
        List<Instant> done = new ArrayList<>();
        boolean[] failOnce = {true};
        DueWork flaky = now -> {
            if (failOnce[0]) {
                failOnce[0] = false;
                throw new IllegalStateException("database went away during the billing run");
            }
            done.add(now);
        };
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer()));
        TestClock testClock = new TestClock(clock, kafka, () -> List.of(flaky), "/billing-service", true);
        Instant target = Instant.now().plus(Duration.ofDays(40)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        try (KafkaProbe probe = new KafkaProbe(EmbeddedInfrastructure.kafkaBootstrapServers(), Topics.TEST_CLOCK)) {
            assertThatThrownBy(() -> testClock.moveTo(target)).hasMessageContaining("database went away");
            testClock.moveTo(target);

            assertThat(done).hasSize(1);
            assertThat(Duration.between(target, done.get(0)).abs()).isLessThan(Duration.ofSeconds(5));
            assertThat(probe.await(r -> r.value().contains("\"now\":\"" + target + "\""), 1, Duration.ofSeconds(15)))
                    .hasSize(1).allMatch(r -> r.key().equals("platform"));
        }
    }
}
