package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.access.Role;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** JSON bodies over the limit (1 MiB) are refused with 413 before they are read into objects. */
@IntegrationTest
class RequestLimitsIT {
    @Value("${local.server.port}")
    int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private static String draftWithALongDescription(int bytes) {
        return "{\"customerId\":\"" + java.util.UUID.randomUUID() + "\",\"currency\":\"EUR\",\"lines\":[{\"description\":\""
                + "x".repeat(bytes) + "\",\"quantity\":\"1\",\"unitPrice\":\"1\",\"taxRate\":\"20\"}]}";
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/invoices"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.of(Role.ACCOUNTANT)).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofString(draftWithALongDescription(1_100_000)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":413");
    }

    @Test
    void aChunkedBodyPassingTheLimitIsRefusedWith413() throws Exception {
        byte[] body = draftWithALongDescription(1_100_000).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 1048576 bytes");
    }

    @Test
    void aBodyUnderTheLimitIsReadAsUsual() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofString(draftWithALongDescription(500_000)));

        assertThat(response.statusCode()).isNotEqualTo(413).isLessThan(500);
    }
}
