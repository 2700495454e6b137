package dev.billing.payment;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * PayTR's API as WireMock, started once per test JVM and handed to payment-service through the variables production
 * uses (registered for every test context in {@code META-INF/spring.factories}); each test stubs what PayTR answers.
 */
public final class PayTrStandIn implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String MERCHANT_ID = "123456";
    public static final String MERCHANT_KEY = "paytr-test-merchant-key";
    public static final String MERCHANT_SALT = "paytr-test-merchant-salt";
    private static WireMockServer paytr;

    public static synchronized WireMockServer paytr() {
        if (paytr == null) {
            paytr = new WireMockServer(options().dynamicPort());
            paytr.start();
            answerNoPaymentYet();
        }
        return paytr;
    }

    /** Forgets every stub and request; the status query then answers as PayTR does for an order with no successful payment. */
    public static synchronized void reset() {
        paytr().resetAll();
        answerNoPaymentYet();
    }

    private static void answerNoPaymentYet() {
        paytr.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/odeme/durum-sorgu")).atPriority(10)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"err_no\":\"003\",\"err_msg\":\"Basarili odeme bulunamadi\"}")));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("paytr-stand-in", Map.of(
                "PAYTR_MERCHANT_ID", MERCHANT_ID, "PAYTR_MERCHANT_KEY", MERCHANT_KEY, "PAYTR_MERCHANT_SALT", MERCHANT_SALT,
                "PAYTR_BASE_URL", paytr().baseUrl(), "payment.paytr.read-timeout", "2s")));
    }
}
