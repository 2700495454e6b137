package dev.billing.support.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import dev.billing.support.time.TestClock;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one Spring test configuration of a module's integration tests: the whole service on a random
 * port against real Kafka, PostgreSQL and SMTP, with the test clock on. Every test class using it shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = EmbeddedInfrastructure.class)
@ActiveProfiles(TestClock.PROFILE)
@Import(ContainerConnections.class)
public @interface IntegrationTest {
}
