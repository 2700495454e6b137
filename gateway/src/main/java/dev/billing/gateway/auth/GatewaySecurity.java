package dev.billing.gateway.auth;

import dev.billing.gateway.staff.StaffSessionCheck;
import dev.billing.gateway.staff.StaffUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The gateway's security besides the authorization server's endpoints:
 * <ul>
 * <li>its own API, {@code /api/staff-users/**} and {@code /api/machine-clients/**}: a bearer token checked with the
 * gateway's own keys, role ADMIN;</li>
 * <li>everything else: the staff UI with a login form, a session and CSRF protection; {@code /api/**} of the
 * services is forwarded and checked by each service (a signed-in browser's calls get the user's token on the
 * way, {@link SessionTokenRelay}); the customers' document links ({@code /d/**}) carry their own signature, and so
 * do the providers' webhooks ({@code /webhooks/**}, checked by the service they go to, exempt from CSRF), the payment
 * portal ({@code /p/**}, its link in the path) and the sandbox provider's hosted page ({@code /pay/**});
 * health, Prometheus and the Swagger UI are open.</li>
 * </ul>
 * Refusals are problem+json, answered by {@code GatewayProblems}.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    @Bean
    @Order(2)
    SecurityFilterChain gatewayApiFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
                                              @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) throws Exception {
        http.securityMatcher("/api/staff-users", "/api/staff-users/**", "/api/machine-clients", "/api/machine-clients/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        .authenticationEntryPoint(entryPoint(problems))
                        .accessDeniedHandler(denied(problems)))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint(problems)).accessDeniedHandler(denied(problems)));
        return http.build();
    }

    /** The Content-Security-Policy of the payment pages (see {@link #staffUiFilterChain}). */
    static final String PAYMENT_PAGES_POLICY = "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    @Bean
    @Order(3)
    SecurityFilterChain staffUiFilterChain(HttpSecurity http, StaffUsers users, Clock gatewayClock) throws Exception {
        http.addFilterAfter(new StaffSessionCheck(users, gatewayClock), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/**", "/d/**", "/p/**", "/pay/**", "/webhooks/**", "/login", "/error", "/favicon.ico", "/webjars/**", "/ui.css",
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                                "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/settings/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                // the portal's path is its credential (the signed link): no page may pass it on as a Referer, to a provider's
                // page or anywhere else; the portal's and the sandbox's payment pages also load nothing from elsewhere, run no
                // script and are never framed (clickjacking); their forms may go on to the providers' pages only over https
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new OrRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher("/p/**"), PathPatternRequestMatcher.withDefaults().matcher("/pay/**")),
                                new StaticHeadersWriter("Content-Security-Policy", PAYMENT_PAGES_POLICY))))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // a bearer-token call has no session to ride on, nor has an anonymous call to a service (which then refuses
                // it with 401); a signed-in browser's writes, the login form included, need the CSRF token
                .csrf(csrf -> csrf.ignoringRequestMatchers(GatewaySecurity::carriesNoSessionCredentials));
        return http.build();
    }

    /**
     * Only the providers' webhooks, the portal and the sandbox's page, and calls to the services' API that bring a
     * bearer token or no session at all, go without the CSRF token.
     */
    private static boolean carriesNoSessionCredentials(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        // the payment portal's pages carry their signed link in the path, the sandbox's hosted page its checkout: neither
        // rides on a session
        if (request.getRequestURI().startsWith("/webhooks/") || request.getRequestURI().startsWith("/p/")
                || request.getRequestURI().startsWith("/pay/")) {
            return true;
        }
        return request.getRequestURI().startsWith("/api/")
                && ((authorization != null && authorization.startsWith("Bearer ")) || request.getSession(false) == null);
    }

    private static AuthenticationEntryPoint entryPoint(HandlerExceptionResolver problems) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.resolveException(request, response, null, e);
        };
    }

    private static AccessDeniedHandler denied(HandlerExceptionResolver problems) {
        return (request, response, e) -> problems.resolveException(request, response, null, e);
    }
}
