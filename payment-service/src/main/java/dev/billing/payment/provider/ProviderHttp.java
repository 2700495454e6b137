package dev.billing.payment.provider;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The HTTP client every provider adapter calls its provider with: 5 s to connect, {@code readTimeout} to answer. */
public final class ProviderHttp {
    private ProviderHttp() {
    }

    public static RestClient.Builder client(String baseUrl, Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(readTimeout);
        RestClient.Builder builder = RestClient.builder().requestFactory(requests);
        return baseUrl == null ? builder : builder.baseUrl(baseUrl);
    }
}
