package dev.billing.support.testing;

import dev.billing.events.access.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests that speak to a service the way a user would: with an ADMIN's access token
 * from {@link TestTokens} unless told otherwise ({@link #as}, {@link #withToken}, {@link #anonymous}).
 */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public ApiClient(String baseUrl) {
        this(baseUrl, TestTokens.of(Role.ADMIN));
    }

    private ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /**
     * A client of a running platform at {@code baseUrl} (the gateway or a service port), with a token the gateway
     * issued to the platform's machine client, fetched as any script does: {@code POST /oauth2/token} with
     * {@code grant_type=client_credentials} and the client's id and secret (HTTP Basic).
     */
    public static ApiClient of(dev.billing.local.Platform platform, String baseUrl) {
        return new ApiClient(baseUrl, machineToken(platform.gatewayUrl(), platform.access().clientId(), platform.access().clientSecret()));
    }

    /** An access token of a machine client from the gateway's token endpoint. */
    public static String machineToken(String gatewayUrl, String clientId, String clientSecret) {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Response response = new ApiClient(gatewayUrl, null).send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        if (response.status() != 200) {
            throw new IllegalStateException("The gateway refused the machine client " + clientId + ": " + response.status() + " " + response.body());
        }
        return response.json().path("access_token").asString();
    }

    /** The same client with a token carrying these roles. */
    public ApiClient as(Role... roles) {
        return new ApiClient(baseUrl, TestTokens.of(roles));
    }

    /** The same client sending this token (or none, when null). */
    public ApiClient withToken(String token) {
        return new ApiClient(baseUrl, token);
    }

    public ApiClient anonymous() {
        return new ApiClient(baseUrl, null);
    }


    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, any content type: for checks that only care who may call an endpoint. */
    public Response send(String method, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
