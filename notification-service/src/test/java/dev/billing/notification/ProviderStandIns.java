package dev.billing.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Twilio's and WhatsApp's APIs as WireMock, answering as the published APIs do, started once per test JVM and handed to
 * the service through the variables production uses (registered for every test context in
 * {@code META-INF/spring.factories}). By default every message is taken: Twilio answers 201 with a new {@code SM...}
 * sid, WhatsApp 200 with a new wamid; a test stubs refusals and outages for recipients of its own.
 */
public final class ProviderStandIns implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000042";
    public static final String TWILIO_AUTH_TOKEN = "twilio-test-auth-token";
    public static final String TWILIO_FROM = "+15005550006";
    public static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_SID + "/Messages.json";
    public static final String WHATSAPP_TOKEN = "whatsapp-test-access-token";
    public static final String WHATSAPP_PHONE_NUMBER_ID = "106540352242922";
    public static final String WHATSAPP_MESSAGES = "/v21.0/" + WHATSAPP_PHONE_NUMBER_ID + "/messages";
    public static final String WHATSAPP_APP_SECRET = "whatsapp-test-app-secret";
    public static final String WHATSAPP_VERIFY_TOKEN = "whatsapp-test-verify-token";
    /** Where the services are public in tests (the default of PUBLIC_BASE_URL): the URL Twilio signs its callbacks with. */
    public static final String PUBLIC_BASE_URL = "http://localhost:8080";
    private static WireMockServer providers;

    public static synchronized WireMockServer providers() {
        if (providers == null) {
            WireMockServer server = new WireMockServer(options().dynamicPort());
            server.start();
            server.stubFor(post(urlEqualTo(TWILIO_MESSAGES)).atPriority(10).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody("""
                            {{formData request.body 'form' urlDecode=true}}{"account_sid":"%s","api_version":"2010-04-01",
                             "direction":"outbound-api","error_code":null,"error_message":null,"from":"%s","num_segments":"1",
                             "sid":"SM{{randomValue length=32 type='HEXADECIMAL'}}","status":"queued","to":"{{form.To}}"}"""
                            .formatted(TWILIO_ACCOUNT_SID, TWILIO_FROM))));
            server.stubFor(post(urlEqualTo(WHATSAPP_MESSAGES)).atPriority(10).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody("""
                            {"messaging_product":"whatsapp","contacts":[{"input":"{{jsonPath request.body '$.to'}}","wa_id":"{{jsonPath request.body '$.to'}}"}],
                             "messages":[{"id":"wamid.{{randomValue length=40 type='ALPHANUMERIC'}}","message_status":"accepted"}]}""")));
            providers = server;
        }
        return providers;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String baseUrl = "http://localhost:" + providers().port();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("message-providers", Map.of(
                "TWILIO_BASE_URL", baseUrl, "TWILIO_ACCOUNT_SID", TWILIO_ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TWILIO_AUTH_TOKEN,
                "TWILIO_FROM", TWILIO_FROM,
                "WHATSAPP_BASE_URL", baseUrl, "WHATSAPP_TOKEN", WHATSAPP_TOKEN, "WHATSAPP_PHONE_NUMBER_ID", WHATSAPP_PHONE_NUMBER_ID,
                "WHATSAPP_APP_SECRET", WHATSAPP_APP_SECRET, "WHATSAPP_VERIFY_TOKEN", WHATSAPP_VERIFY_TOKEN)));
    }
}
