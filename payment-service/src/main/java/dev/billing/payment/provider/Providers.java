package dev.billing.payment.provider;

import dev.billing.support.web.ApiProblem;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The configured providers, and the one way to call one: through its Resilience4j circuit breaker (named after it,
 * its state in {@code resilience4j.circuitbreaker.state}), so that a provider that keeps failing is left alone for a
 * while instead of holding every portal click and reconciliation pass for its timeouts. {@code payment.provider} is the
 * one the portal uses unless a checkout names another.
 */
@Component
public class Providers {
    private final Map<String, PaymentProvider> configured;
    private final String defaultProvider;
    private final CircuitBreakerRegistry breakers;

    /** Refuses a default provider that is not configured: the service does not start without a way to take payments. */
    public Providers(List<PaymentProvider> providers, @Value("${payment.provider:sandbox}") String defaultProvider, MeterRegistry meters) {
        this.configured = providers.stream().filter(PaymentProvider::configured)
                .collect(Collectors.toMap(PaymentProvider::name, p -> p));
        if (!configured.containsKey(defaultProvider)) {
            throw new IllegalStateException("PAYMENT_PROVIDER " + defaultProvider + " is not one of the configured providers "
                    + configured.keySet() + " (a provider needs its credentials, e.g. PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY, PAYTR_MERCHANT_SALT)");
        }
        this.defaultProvider = defaultProvider;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(5)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(30)).ignoreExceptions(ProviderRequests.NotListedYet.class)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    /** The named provider, or the default one for null; a name not configured is a 422 naming {@code provider}. */
    public PaymentProvider get(String name) {
        PaymentProvider provider = configured.get(name == null ? defaultProvider : name);
        if (provider == null) {
            throw ApiProblem.unprocessable("provider", "must be one of " + configured.keySet());
        }
        return provider;
    }

    /** The provider a checkout was started with, if it is still configured. */
    public Optional<PaymentProvider> find(String name) {
        return Optional.ofNullable(configured.get(name));
    }

    /** The configured providers. */
    public Collection<PaymentProvider> all() {
        return configured.values();
    }

    /** A call to {@code provider}'s API through its circuit breaker. */
    public <T> T call(String provider, Supplier<T> call) {
        return breakers.circuitBreaker(provider).executeSupplier(call);
    }

    /**
     * A call to {@code provider}'s API for housekeeping ({@code purpose}, e.g. deleting ended cards) through a breaker of
     * its own ({@code <provider>/<purpose>}): a backlog that keeps failing never opens the breaker payments go through.
     */
    public <T> T call(String provider, String purpose, Supplier<T> call) {
        return breakers.circuitBreaker(provider + "/" + purpose).executeSupplier(call);
    }
}
