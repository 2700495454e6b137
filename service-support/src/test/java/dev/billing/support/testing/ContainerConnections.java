package dev.billing.support.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * When {@link EmbeddedInfrastructure} chose containers, the service connects to them through Boot's
 * {@code @ServiceConnection} (connection details for the data source, Flyway and Kafka). The
 * variables the initializer sets name the same containers, for what reads them directly.
 */
@TestConfiguration(proxyBeanMethods = false)
@Conditional(ContainerConnections.ContainersChosen.class)
class ContainerConnections {

    @Bean
    @ServiceConnection
    KafkaContainer kafkaContainer() {
        return ContainerServers.kafka();
    }

    @Bean
    @ServiceConnection
    PostgreSQLContainer postgresContainer(Environment environment) {
        return ContainerServers.postgres(EmbeddedInfrastructure.databaseName(environment));
    }

    static final class ContainersChosen implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return EmbeddedInfrastructure.servers() == EmbeddedInfrastructure.Servers.CONTAINERS;
        }
    }
}
