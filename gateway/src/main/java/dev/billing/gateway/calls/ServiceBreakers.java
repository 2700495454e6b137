package dev.billing.gateway.calls;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Every call from the gateway to a service (its routes and the UI's calls) goes through a Resilience4j circuit
 * breaker of that service (by host and port). A service that keeps failing (connection refused, timeouts, 502, 503
 * or 504, on half of the last calls) is not called for a while: callers get an answer at once ({@link CallNotPermittedException},
 * a 503) instead of waiting for timeouts that would tie up the gateway's threads, and the service gets room to
 * recover. A few calls then test whether it is back. Wraps the request factory, so bodies still stream through
 * unbuffered; the breaker decides when a request is sent, before any of its body leaves.
 */
public class ServiceBreakers implements ClientHttpRequestFactory {
    private final ClientHttpRequestFactory delegate;
    private final CircuitBreakerRegistry breakers;

    public ServiceBreakers(ClientHttpRequestFactory delegate, Duration openFor, MeterRegistry meters) {
        this.delegate = delegate;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(3)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    /** The breaker of the service at this address, e.g. {@code localhost:8082}. */
    CircuitBreaker of(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return breakers.circuitBreaker(uri.getHost() + ":" + port);
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
        return new Guarded(delegate.createRequest(uri, method), of(uri));
    }

    /**
     * A request whose sending counts for its service's breaker: an I/O failure talking to the service, or a 502, 503
     * or 504 from it, is a failure. What the caller causes is not held against the service: a request body that could
     * not be read from the caller (an aborted upload) gives the permission back, and a 500 or a 4xx is an answer.
     */
    private static final class Guarded implements ClientHttpRequest, StreamingHttpOutputMessage {
        private final ClientHttpRequest request;
        private final CircuitBreaker breaker;
        private volatile boolean callerFailed;

        Guarded(ClientHttpRequest request, CircuitBreaker breaker) {
            this.request = request;
            this.breaker = breaker;
        }

        @Override
        public ClientHttpResponse execute() throws IOException {
            breaker.acquirePermission();
            long start = breaker.getCurrentTimestamp();
            try {
                ClientHttpResponse response = request.execute();
                long took = breaker.getCurrentTimestamp() - start;
                int status = response.getStatusCode().value();
                if (status == 502 || status == 503 || status == 504) {
                    breaker.onError(took, breaker.getTimestampUnit(), new IOException("answered " + status));
                } else {
                    breaker.onSuccess(took, breaker.getTimestampUnit());
                }
                return response;
            } catch (IOException | RuntimeException failed) {
                if (callerFailed) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), failed);
                }
                throw failed;
            }
        }

        @Override
        public void setBody(Body body) {
            Body tagged = out -> {
                ServiceOutput toService = new ServiceOutput(out);
                try {
                    body.writeTo(toService);
                } catch (IOException e) {
                    // not a failed write to the service: reading what the caller sends failed
                    callerFailed = !toService.failed;
                    throw e;
                }
            };
            if (request instanceof StreamingHttpOutputMessage streaming) {
                streaming.setBody(tagged);
            } else {
                try {
                    tagged.writeTo(request.getBody());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public OutputStream getBody() throws IOException {
            return request.getBody();
        }

        @Override
        public HttpHeaders getHeaders() {
            return request.getHeaders();
        }

        @Override
        public HttpMethod getMethod() {
            return request.getMethod();
        }

        @Override
        public URI getURI() {
            return request.getURI();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return request.getAttributes();
        }
    }

    /** The stream to the service, remembering whether writing to it failed. */
    private static final class ServiceOutput extends java.io.FilterOutputStream {
        private boolean failed;

        ServiceOutput(OutputStream out) {
            super(out);
        }

        private interface Write {
            void run() throws IOException;
        }

        private void watched(Write write) throws IOException {
            try {
                write.run();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            watched(() -> out.write(bytes, offset, length));
        }

        @Override
        public void write(int b) throws IOException {
            watched(() -> out.write(b));
        }

        @Override
        public void flush() throws IOException {
            watched(out::flush);
        }

        @Override
        public void close() throws IOException {
            watched(out::close);
        }
    }
}
