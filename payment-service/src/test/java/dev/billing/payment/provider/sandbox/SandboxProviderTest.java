package dev.billing.payment.provider.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.payment.provider.Providers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SandboxProviderTest {

    @Test
    void theSandboxExistsOutsideProductionOnly() {
        assertThat(new SandboxProvider("http://localhost:8080", null, null, new MockEnvironment(), null, null, null).configured()).isTrue();
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        SandboxProvider inProduction = new SandboxProvider("https://billing.example", null, null, production, null, null, null);
        assertThat(inProduction.configured()).isFalse();
        // and a production platform whose PAYMENT_PROVIDER is still the sandbox refuses to start, saying why
        assertThatThrownBy(() -> new Providers(List.of(inProduction), "sandbox", new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAYMENT_PROVIDER sandbox is not one of the configured providers");
    }
}
