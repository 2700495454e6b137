package dev.billing.notification.phone;

import dev.billing.notification.delivery.Rejected;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP call to a message provider's API, and what its answer means for the message: a 2xx is taken; a refusal
 * of the message itself (a 4xx other than 401, 403, 408 and 429) is {@link Rejected}, final; everything else (no
 * connection, a timeout, 429, 5xx, bad credentials that an operator can mend) is a failed attempt, tried again later.
 */
final class ProviderCall {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private ProviderCall() {
    }

    /** The body of the provider's 2xx answer. */
    static String send(String provider, HttpRequest request) throws IOException, InterruptedException, Rejected {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String answer = provider + " answered " + status + ": " + abbreviated(response.body());
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
            throw new Rejected(answer);
        }
        throw new IOException(answer);
    }

    private static String abbreviated(String body) {
        return body.length() <= 500 ? body : body.substring(0, 500) + "...";
    }
}
