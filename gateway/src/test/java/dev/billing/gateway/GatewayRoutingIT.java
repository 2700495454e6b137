package dev.billing.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route of the gateway, end to end over HTTP: a request to the gateway reaches the owning service
 * (one WireMock server stands in for each service) with the same method, path, query and body, and the
 * service's status, content type and body come back unchanged. Each service's OpenAPI document
 * ({@code /v3/api-docs}) is served as {@code /v3/api-docs/<service>}, and the one Swagger UI lists those seven.
 */
@ContextConfiguration(initializers = GatewayDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingIT {

    /** One stand-in per service, keyed by the prefix of the gateway's variable ({@code BILLING_SERVICE_URL}). */
    private static final Map<String, WireMockServer> SERVICES = new LinkedHashMap<>();

    static {
        for (String service : List.of("BILLING", "INVOICE", "REMINDER", "PAYMENT", "NOTIFICATION", "DISPUTE", "REPORTING")) {
            WireMockServer server = new WireMockServer(options().dynamicPort());
            server.start();
            SERVICES.put(service, server);
        }
    }

    @DynamicPropertySource
    static void serviceUrls(DynamicPropertyRegistry registry) {
        SERVICES.forEach((service, server) -> registry.add(service + "_SERVICE_URL", server::baseUrl));
        registry.add("GATEWAY_READ_TIMEOUT", () -> "2s");
        registry.add("GATEWAY_BREAKER_OPEN_FOR", () -> "1s");
    }

    @AfterAll
    static void stopServices() {
        SERVICES.values().forEach(WireMockServer::stop);
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void resetServices() {
        SERVICES.values().forEach(WireMockServer::resetAll);
    }

    /** One call through the gateway and the answer the owning service gives to it. */
    record Exchange(String service, String method, String pathAndQuery, String requestBody, int status,
            String contentType, String responseBody) {

        static Exchange get(String service, String pathAndQuery, String responseBody) {
            return new Exchange(service, "GET", pathAndQuery, null, 200, "application/json", responseBody);
        }

        static Exchange send(String service, String method, String pathAndQuery, String requestBody, int status,
                String contentType, String responseBody) {
            return new Exchange(service, method, pathAndQuery, requestBody, status, contentType, responseBody);
        }

        @Override
        public String toString() {
            return method + " " + pathAndQuery + " -> " + service;
        }
    }

    static Stream<Exchange> routes() {
        return Stream.of(
                Exchange.get("BILLING", "/api/customers", "[{\"id\":\"c-1\"}]"),
                Exchange.get("BILLING", "/api/customers/123", "{\"id\":\"123\",\"name\":\"Şirin Ağaç Ltd.\"}"),
                Exchange.send("BILLING", "POST", "/api/customers",
                        "{\"name\":\"Şirin Ağaç Ltd.\",\"email\":\"muhasebe@example.com.tr\"}",
                        201, "application/json", "{\"id\":\"c-2\"}"),
                Exchange.get("BILLING", "/api/subscriptions", "[]"),
                Exchange.get("BILLING", "/api/subscriptions?customerId=c-1", "[{\"id\":\"s-1\"}]"),
                Exchange.send("BILLING", "POST", "/api/billing-runs", "{}", 202, "application/json",
                        "{\"started\":true}"),
                Exchange.get("BILLING", "/api/test-clock", "{\"now\":\"2026-01-01T00:00:00Z\"}"),
                // a customer's money is invoice-service's, the rest of the customer billing-service's
                Exchange.get("INVOICE", "/api/customers/c-1/balance", "{\"customerId\":\"c-1\",\"currencies\":[]}"),
                Exchange.send("INVOICE", "POST", "/api/customers/c-1/credit-refunds", "{\"currency\":\"TRY\",\"amount\":\"5.00\"}",
                        201, "application/json", "{\"credit\":\"0.00\"}"),
                Exchange.get("BILLING", "/api/customers/c-1/subscriptions", "[]"),
                Exchange.get("INVOICE", "/api/invoices?customerId=x", "[{\"number\":\"INV-2026-000001\"}]"),
                Exchange.send("INVOICE", "GET", "/api/invoices/missing", null, 404, "application/problem+json",
                        "{\"title\":\"Not Found\",\"status\":404}"),
                Exchange.get("REMINDER", "/api/reminders", "[]"),
                Exchange.get("PAYMENT", "/api/payments", "[{\"id\":\"p-1\"}]"),
                Exchange.send("PAYMENT", "PUT", "/api/payments/p-1", "{\"amount\":\"150.00\",\"currency\":\"TRY\"}",
                        200, "application/json", "{\"id\":\"p-1\",\"amount\":\"150.00\"}"),
                Exchange.get("NOTIFICATION", "/api/notifications", "[{\"channel\":\"EMAIL\"}]"),
                Exchange.get("DISPUTE", "/api/disputes", "[]"),
                Exchange.get("REPORTING", "/api/activity?customerId=x", "[]"),
                Exchange.send("DISPUTE", "POST", "/api/disputes", "{\"invoiceId\":\"\"}", 422,
                        "application/problem+json", "{\"title\":\"Invalid request\",\"status\":422,"
                                + "\"errors\":[{\"field\":\"invoiceId\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void routesToTheOwningServiceUnchanged(Exchange exchange) {
        WireMockServer owner = SERVICES.get(exchange.service());
        MappingBuilder stub = request(exchange.method(), urlEqualTo(exchange.pathAndQuery()));
        if (exchange.requestBody() != null) {
            stub = stub.withRequestBody(equalToJson(exchange.requestBody()));
        }
        owner.stubFor(stub.willReturn(aResponse()
                .withStatus(exchange.status())
                .withHeader("Content-Type", exchange.contentType())
                .withBody(exchange.responseBody())));

        HttpResponse<String> response = call(exchange.method(), exchange.pathAndQuery(), exchange.requestBody());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(exchange.status());
        assertThat(response.body()).isEqualTo(exchange.responseBody());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith(exchange.contentType()));

        List<ServeEvent> received = owner.getAllServeEvents();
        assertThat(received).as("requests received by %s", exchange.service()).hasSize(1);
        LoggedRequest forwarded = received.get(0).getRequest();
        assertThat(forwarded.getMethod()).isEqualTo(RequestMethod.fromString(exchange.method()));
        assertThat(forwarded.getUrl()).isEqualTo(exchange.pathAndQuery());
        if (exchange.requestBody() != null) {
            assertThat(forwarded.getBodyAsString()).isEqualTo(exchange.requestBody());
            assertThat(forwarded.getHeader("Content-Type")).startsWith("application/json");
        }
        SERVICES.forEach((service, server) -> {
            if (server != owner) {
                assertThat(server.getAllServeEvents()).as("requests received by %s", service).isEmpty();
            }
        });
    }

    @Test
    void providersWebhooksReachNotificationServiceUnreadWithTheirSignaturesAndNoSignIn() throws Exception {
        WireMockServer notification = SERVICES.get("NOTIFICATION");
        notification.stubFor(request("POST", urlEqualTo("/webhooks/sms/twilio")).willReturn(aResponse().withStatus(204)));
        notification.stubFor(request("POST", urlEqualTo("/webhooks/whatsapp")).willReturn(aResponse().withStatus(200)));
        String form = "MessageSid=SM0123&MessageStatus=delivered&To=%2B905321234567";
        HttpResponse<String> sms = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/sms/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", "c2lnbmVk")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String json = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";
        HttpResponse<String> whatsApp = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json").header("X-Hub-Signature-256", "sha256=00")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(sms.statusCode()).as(sms.body()).isEqualTo(204);
        assertThat(whatsApp.statusCode()).as(whatsApp.body()).isEqualTo(200);
        LoggedRequest forwardedSms = notification.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/webhooks/sms/twilio"))).get(0);
        assertThat(forwardedSms.getBodyAsString()).as("the signed form, byte for byte").isEqualTo(form);
        assertThat(forwardedSms.getHeader("X-Twilio-Signature")).isEqualTo("c2lnbmVk");
        LoggedRequest forwardedWhatsApp = notification.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/webhooks/whatsapp"))).get(0);
        assertThat(forwardedWhatsApp.getBodyAsString()).isEqualTo(json);
        assertThat(forwardedWhatsApp.getHeader("X-Hub-Signature-256")).isEqualTo("sha256=00");
        assertThat(call("POST", "/webhooks/elsewhere", "{}").statusCode()).as("only the providers' paths are routed").isNotIn(200, 204);
    }

    @Test
    void unknownPathReachesNoService() {
        HttpResponse<String> response = call("GET", "/api/unknown", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        SERVICES.forEach((service, server) ->
                assertThat(server.getAllServeEvents()).as("requests received by %s", service).isEmpty());
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsAGatewayTimeoutProblem() {
        SERVICES.get("INVOICE").stubFor(request("GET", urlEqualTo("/api/invoices")).willReturn(aResponse()
                .withStatus(200).withFixedDelay(5_000).withBody("[]")));

        HttpResponse<String> response = call("GET", "/api/invoices", null);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("did not answer in time");
    }

    @Test
    void aServiceThatKeepsFailingIsNotCalledForAWhileAndIsCalledAgainWhenItRecovers() {
        WireMockServer payments = SERVICES.get("PAYMENT");
        payments.stubFor(request("GET", urlEqualTo("/api/payments")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":500}")));
        for (int call = 1; call <= 25; call++) {
            assertThat(call("GET", "/api/payments", null).statusCode()).as("a 500 is the service's answer, not an outage").isEqualTo(500);
        }
        payments.resetRequests();
        payments.stubFor(request("GET", urlEqualTo("/api/payments")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":503}")));
        // the breaker opens when half of the last calls (at least 10) failed: earlier tests' calls count too
        int calls = 0;
        HttpResponse<String> refused;
        do {
            refused = call("GET", "/api/payments", null);
            calls++;
        } while (refused.statusCode() == 503 && refused.headers().firstValue("Retry-After").isEmpty() && calls <= 20);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).as("GATEWAY_BREAKER_OPEN_FOR is 1s here").hasValue("1");
        assertThat(refused.body()).contains("has been failing");
        assertThat(payments.getAllServeEvents()).as("the refused call is not made").hasSize(calls - 1);
        assertThat(call("GET", "/api/payments", null).statusCode()).isEqualTo(503);
        assertThat(payments.getAllServeEvents()).as("nor the next one").hasSize(calls - 1);
        assertThat(SERVICES.get("BILLING").getAllServeEvents()).isEmpty();
        SERVICES.get("BILLING").stubFor(request("GET", urlEqualTo("/api/customers")).willReturn(aResponse().withStatus(200).withBody("[]")));
        assertThat(call("GET", "/api/customers", null).statusCode()).as("another service's breaker is its own").isEqualTo(200);

        payments.stubFor(request("GET", urlEqualTo("/api/payments")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> call("GET", "/api/payments", null).statusCode() == 200);
        for (int call = 1; call <= 3; call++) {
            assertThat(call("GET", "/api/payments", null).statusCode()).as("recovered, call " + call).isEqualTo(200);
        }
    }

    /** The short names under which the gateway serves the services' OpenAPI documents, in the gateway's order. */
    static Stream<String> openApiDocuments() {
        return SERVICES.keySet().stream().map(service -> service.toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest(name = "/v3/api-docs/{0}")
    @MethodSource("openApiDocuments")
    void servesEachServicesOpenApiDocument(String service) {
        WireMockServer owner = SERVICES.get(service.toUpperCase(Locale.ROOT));
        String document = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + service + "-service\",\"version\":\"1.0.0\"},"
                + "\"servers\":[{\"url\":\"/\"}],\"paths\":{}}";
        owner.stubFor(request("GET", urlEqualTo("/v3/api-docs")).willReturn(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(document)));

        HttpResponse<String> response = call("GET", "/v3/api-docs/" + service, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(document);
        List<ServeEvent> received = owner.getAllServeEvents();
        assertThat(received).as("requests received by %s", service).hasSize(1);
        assertThat(received.get(0).getRequest().getUrl()).isEqualTo("/v3/api-docs");
        SERVICES.forEach((other, server) -> {
            if (server != owner) {
                assertThat(server.getAllServeEvents()).as("requests received by %s", other).isEmpty();
            }
        });
    }

    /** An operator's dead-letter calls, as {@code ./dlq.sh} makes them, and the path the owning service must see. */
    static Stream<org.junit.jupiter.params.provider.Arguments> deadLetterCalls() {
        return openApiDocuments().flatMap(service -> Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(service, "GET", "/api/dlq/" + service, "/api/dlq"),
                org.junit.jupiter.params.provider.Arguments.of(service, "GET", "/api/dlq/" + service + "/billing.events.dlq-0-7",
                        "/api/dlq/billing.events.dlq-0-7"),
                org.junit.jupiter.params.provider.Arguments.of(service, "POST", "/api/dlq/" + service + "/billing.events.dlq-0-7/replay",
                        "/api/dlq/billing.events.dlq-0-7/replay")));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("deadLetterCalls")
    void deadLetterCallsReachTheNamedServiceWithoutItsName(String service, String method, String gatewayPath, String servicePath) {
        WireMockServer owner = SERVICES.get(service.toUpperCase(Locale.ROOT));
        owner.stubFor(request(method, urlEqualTo(servicePath)).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("[]")));

        HttpResponse<String> response = call(method, gatewayPath, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(owner.getAllServeEvents()).hasSize(1);
        SERVICES.forEach((other, server) -> {
            if (server != owner) {
                assertThat(server.getAllServeEvents()).as("requests received by %s", other).isEmpty();
            }
        });
    }

    @Test
    void unknownOpenApiDocumentReachesNoService() {
        HttpResponse<String> response = call("GET", "/v3/api-docs/unknown", null);

        assertThat(response.statusCode()).isEqualTo(404);
        SERVICES.forEach((service, server) ->
                assertThat(server.getAllServeEvents()).as("requests received by %s", service).isEmpty());
    }

    @Test
    void swaggerUiListsTheSixServiceDocuments() {
        HttpResponse<String> entry = call("GET", "/swagger-ui.html", null);
        assertThat(entry.statusCode()).as("/swagger-ui.html").isEqualTo(302);
        String index = entry.headers().firstValue("Location").orElseThrow();
        assertThat(index).endsWith("/swagger-ui/index.html");

        HttpResponse<String> page = call("GET", URI.create(index).getPath(), null);
        assertThat(page.statusCode()).as(index).isEqualTo(200);
        assertThat(page.body()).contains("swagger-initializer.js", "swagger-ui-bundle.js");
        assertThat(call("GET", "/swagger-ui/swagger-ui-bundle.js", null).statusCode()).isEqualTo(200);

        HttpResponse<String> initializer = call("GET", "/swagger-ui/swagger-initializer.js", null);
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("\"configUrl\" : \"/v3/api-docs/swagger-config\"")
                .doesNotContain("petstore");

        HttpResponse<String> config = call("GET", "/v3/api-docs/swagger-config", null);
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        Map<String, String> listed = new LinkedHashMap<>();
        for (JsonNode document : JsonMapper.builder().build().readTree(config.body()).path("urls")) {
            listed.put(document.path("name").asString(), document.path("url").asString());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        openApiDocuments().forEach(service -> expected.put(service, "/v3/api-docs/" + service));
        assertThat(listed).containsExactlyInAnyOrderEntriesOf(expected);
        SERVICES.forEach((service, server) ->
                assertThat(server.getAllServeEvents()).as("requests received by %s", service).isEmpty());
    }

    @Test
    void answersReadinessAndPrometheus() {
        HttpResponse<String> readiness = call("GET", "/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.body()).contains("UP");

        HttpResponse<String> prometheus = call("GET", "/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).as(prometheus.body()).isEqualTo(200);
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("call through the gateway failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
