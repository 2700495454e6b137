package dev.billing.payment;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** iyzico's API as WireMock, handed to payment-service as production's variables would (see {@code META-INF/spring.factories}). */
public final class IyzicoStandIn implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String API_KEY = "sandbox-test-api-key";
    public static final String SECRET_KEY = "sandbox-test-secret-key";
    private static WireMockServer iyzico;

    public static synchronized WireMockServer iyzico() {
        if (iyzico == null) {
            iyzico = new WireMockServer(options().dynamicPort());
            iyzico.start();
        }
        return iyzico;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("iyzico-stand-in", Map.of(
                "IYZICO_API_KEY", API_KEY, "IYZICO_SECRET_KEY", SECRET_KEY, "IYZICO_BASE_URL", iyzico().baseUrl(),
                "payment.iyzico.read-timeout", "2s")));
    }
}
