package dev.billing.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/** The one switch between Testcontainers and the in-JVM servers. */
class EmbeddedInfrastructureTest {

    @Test
    void withoutDockerTheEmbeddedServersAreChosen() {
        assertThat(EmbeddedInfrastructure.choose(null, () -> false)).isEqualTo(EmbeddedInfrastructure.Servers.EMBEDDED);
        assertThat(EmbeddedInfrastructure.choose(null, () -> true)).isEqualTo(EmbeddedInfrastructure.Servers.CONTAINERS);
        assertThat(EmbeddedInfrastructure.choose("embedded", () -> true)).isEqualTo(EmbeddedInfrastructure.Servers.EMBEDDED);
    }

    @Test
    void onThisMachineWithoutADockerEngineTheTestsRunOnTheEmbeddedServers() {
        assumeFalse(ContainerServers.dockerAvailable(), "a Docker engine answers here");
        assumeFalse(System.getenv("TEST_SERVERS") != null || System.getProperty("TEST_SERVERS") != null, "TEST_SERVERS decides");

        assertThat(EmbeddedInfrastructure.servers()).isEqualTo(EmbeddedInfrastructure.Servers.EMBEDDED);
    }
}
