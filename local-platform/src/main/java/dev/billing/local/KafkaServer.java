package dev.billing.local;

import java.util.HashMap;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real Kafka broker (KRaft, combined controller + broker) running inside this JVM on loopback. */
public final class KafkaServer implements AutoCloseable {
    private final EmbeddedKafkaKraftBroker broker;

    private KafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on {@code port}, or on a free port when {@code port} is 0. */
    public static KafkaServer start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        Map<String, String> properties = new HashMap<>(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", "3",
                "offsets.topic.num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0"));
        if (port > 0) {
            // the KRaft test kit ignores kafkaPorts(); its listener names are EXTERNAL and CONTROLLER
            properties.put("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0");
        }
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        return new KafkaServer(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
