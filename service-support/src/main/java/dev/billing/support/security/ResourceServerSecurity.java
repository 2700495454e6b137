package dev.billing.support.security;

import dev.billing.events.access.PortalAccess;
import dev.billing.events.access.Role;
import java.util.Arrays;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every service is an OAuth2 resource server: {@code /api/**} needs a JWT signed by the gateway's
 * authorization server (issuer {@code AUTH_ISSUER_URI}, keys from its JWKS, fetched on first use), and the
 * token's {@code roles} must allow the call ({@link EndpointRoles}). A request that reaches a service port
 * directly is refused the same way. Health, info, Prometheus and the OpenAPI document stay open for probes
 * and the gateway's Swagger UI; {@code /webhooks/**} is open to the providers, whose signatures the handlers verify
 * ({@link #webhookFilterChain});
 * {@code /api/portal/**} is for the portal's CUSTOMER tokens only ({@link PortalAccess}, {@link PortalCustomer}). Stateless: no session, no CSRF (there is no cookie to forge requests with).
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
public class ResourceServerSecurity {

    private static final String BEARER = "bearer";
    private static final String[] EVERY_ROLE = Arrays.stream(Role.values()).map(Role::name).toArray(String[]::new);

    /**
     * Providers' webhooks (payment callbacks, delivery reports) come with no token of ours: each handler checks the
     * provider's signature instead. Their chain, tried first, has no sign-in filters, so an {@code Authorization} header
     * a provider sends for its own reasons is not taken for a bearer token and refused, and a callback costs no sign-in
     * work (payment-service answers hundreds a second).
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhookFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    /**
     * No Spring Security observations in the services: a span for every filter of every request was a large share of
     * payment-service's work per callback in the payments benchmark, and tells nothing that the request's own span (with
     * its status) does not. With these settings the filters are not wrapped at all (disabling the observations by name
     * only made each wrapper's observation a no-op, still made per filter and request). The gateway keeps its own.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain resourceServerFilterChain(HttpSecurity http, ObjectProvider<EndpointRoles> endpointRoles,
                                                  Environment environment) throws Exception {
        RequiredInProduction.check(environment);
        SecurityProblems problems = new SecurityProblems();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**").permitAll();
                    // errors are rendered on an error dispatch to /error, after the request itself was allowed
                    requests.requestMatchers("/error").permitAll();
                    endpointRoles.orderedStream().flatMap(roles -> roles.openPatterns().stream())
                            .forEach(pattern -> requests.requestMatchers(pattern).permitAll());
                    requests.requestMatchers("/api/dlq/**", "/api/outbox/**", "/api/test-clock/**", "/actuator/**").hasRole(Role.ADMIN.name());
                    // the customer portal: a CUSTOMER token (PortalAccess), and nothing else, for one customer's data
                    requests.requestMatchers("/api/portal/**").hasRole(PortalAccess.ROLE);
                    endpointRoles.orderedStream().flatMap(roles -> roles.rules().stream()).forEach(rule ->
                            requests.requestMatchers(rule.method(), rule.pattern())
                                    .hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new)));
                    requests.requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(EVERY_ROLE);
                    requests.requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(EVERY_ROLE);
                    requests.anyRequest().hasRole(Role.ADMIN.name());
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        // the roles claim becomes the authorities ROLE_ADMIN, ... (spring.security.oauth2.resourceserver.jwt.authorities-*)
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * The OpenAPI document says so too: every operation needs {@code Authorization: Bearer <JWT>}; the Swagger UI
     * offers "Authorize" for it.
     */
    @Bean
    GlobalOpenApiCustomizer bearerTokenInOpenApi() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .bearerFormat("JWT").description("An access token of the gateway: POST /oauth2/token with grant_type=client_credentials"));
            openApi.setSecurity(java.util.List.of(new SecurityRequirement().addList(BEARER)));
        };
    }
}
