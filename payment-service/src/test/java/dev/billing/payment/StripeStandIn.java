package dev.billing.payment;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Stripe's API as WireMock, handed to payment-service as production's variables would (see {@code META-INF/spring.factories}). */
public final class StripeStandIn implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String SECRET_KEY = "sk_test_51TestKeyOfThePlatform";
    public static final String WEBHOOK_SECRET = "whsec_test_platform_endpoint_secret";
    private static WireMockServer stripe;

    public static synchronized WireMockServer stripe() {
        if (stripe == null) {
            stripe = new WireMockServer(options().dynamicPort());
            stripe.start();
        }
        return stripe;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("stripe-stand-in", Map.of(
                "STRIPE_SECRET_KEY", SECRET_KEY, "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET, "STRIPE_BASE_URL", stripe().baseUrl(),
                "payment.stripe.read-timeout", "2s")));
    }
}
