package dev.billing.support.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RequiredInProductionTest {

    @Test
    void aServiceInProductionNeedsItsIssuerItsDatabasePasswordAndWhatItsOwnConfigurationAddsEach() {
        MockEnvironment environment = new MockEnvironment().withProperty("platform.production.required-settings", "LINK_SIGNING_KEYS");
        environment.setActiveProfiles("production");

        assertThatThrownBy(() -> RequiredInProduction.check(environment))
                .hasMessageEndingWith("set AUTH_ISSUER_URI, DB_PASSWORD, LINK_SIGNING_KEYS");
        environment.withProperty("AUTH_ISSUER_URI", "http://gateway:8080").withProperty("DB_PASSWORD", "secret")
                .withProperty("LINK_SIGNING_KEYS", "a-real-key-0123456789-0123456789-0123456789");
        assertThatCode(() -> RequiredInProduction.check(environment)).doesNotThrowAnyException();
    }

    @Test
    void withoutTheProductionProfileTheDefaultsServe() {
        assertThatCode(() -> RequiredInProduction.check(new MockEnvironment())).doesNotThrowAnyException();
    }
}
