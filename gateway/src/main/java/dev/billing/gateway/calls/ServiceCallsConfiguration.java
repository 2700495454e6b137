package dev.billing.gateway.calls;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The request factory of every call to a service: the one {@code spring.http.clients} configures (connect and read
 * timeouts), behind the services' breakers. Spring Cloud Gateway's routes and the UI's {@code RestClient} both use
 * this bean.
 */
@Configuration(proxyBeanMethods = false)
class ServiceCallsConfiguration {

    @Bean
    ClientHttpRequestFactory clientHttpRequestFactory(ClientHttpRequestFactoryBuilder<?> builder, HttpClientSettings settings,
                                                      @Value("${GATEWAY_BREAKER_OPEN_FOR:10s}") Duration openFor, MeterRegistry meters) {
        return new ServiceBreakers(builder.build(settings), openFor, meters);
    }
}
