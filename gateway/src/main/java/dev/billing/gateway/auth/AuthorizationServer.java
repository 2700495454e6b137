package dev.billing.gateway.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.billing.events.access.ProductionSettings;
import dev.billing.events.access.Role;
import dev.billing.gateway.clients.MachineClient;
import dev.billing.gateway.clients.RegisteredMachineClients;
import java.util.Set;
import org.springframework.core.env.Environment;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The platform's OAuth2 authorization server (Spring Authorization Server, part of Spring Security 7): machine
 * clients get signed JWT access tokens at {@code POST /oauth2/token} with the {@code client_credentials}
 * grant; the keys are published at {@code /oauth2/jwks}, where every service fetches them. A token names its
 * client ({@code sub}, {@code name}) and carries the client's roles in the {@code roles} claim. OpenID Connect
 * discovery is at {@code /.well-known/openid-configuration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MachineClients.class)
public class AuthorizationServer {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationServer.class);
    private static final String ROLES_SETTING = "platform.roles";
    /** What the production profile needs set: no default client secret, signing key, issuer or link key there. */
    static final List<String> REQUIRED_IN_PRODUCTION = List.of("PLATFORM_CLIENT_ID", "PLATFORM_CLIENT_SECRET", "AUTH_SIGNING_KEY",
            "AUTH_ISSUER_URI", "LINK_SIGNING_KEYS", "PLATFORM_ADMIN_USERNAME", "PLATFORM_ADMIN_PASSWORD", "DB_PASSWORD");

    AuthorizationServer(Environment environment) {
        ProductionSettings.check(Set.of(environment.getActiveProfiles()), environment::getProperty, REQUIRED_IN_PRODUCTION);
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    /**
     * The access tokens are self-contained JWTs and nothing here introspects or revokes them: nothing is kept per
     * token (the default in-memory store keeps every issued token for the life of the process).
     */
    @Bean
    OAuth2AuthorizationService noStoredAuthorizations() {
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return null;
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                return null;
            }
        };
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The clients of the configuration (checked at start: each needs a secret and roles) and those an ADMIN
     * registered ({@link RegisteredMachineClients}, looked up on each token request, so a disabled one gets no
     * more tokens at once).
     */
    @Bean
    RegisteredClientRepository registeredClients(MachineClients clients, RegisteredMachineClients registered,
                                                 PasswordEncoder passwordEncoder, @Value("${AUTH_TOKEN_TTL:1h}") Duration tokenLifetime) {
        List<RegisteredClient> configured = clients.all().entrySet().stream().map(client -> {
            if (client.getValue().secret() == null || client.getValue().secret().isBlank()) {
                throw new IllegalStateException("the machine client " + client.getKey() + " has no secret");
            }
            if (client.getValue().roles() == null || client.getValue().roles().isEmpty()) {
                throw new IllegalStateException("the machine client " + client.getKey()
                        + " has no roles (platform.auth.clients." + client.getKey() + ".roles, e.g. VIEWER)");
            }
            return machineClient(UUID.nameUUIDFromBytes(client.getKey().getBytes()).toString(), client.getKey(),
                    passwordEncoder.encode(client.getValue().secret()), client.getValue().roles(), tokenLifetime);
        }).toList();
        log.info("Machine clients: {}", clients.all().entrySet().stream()
                .map(client -> client.getKey() + " " + MachineClients.roleNames(client.getValue().roles())).toList());
        InMemoryRegisteredClientRepository fromConfiguration = new InMemoryRegisteredClientRepository(configured);
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient client) {
                throw new UnsupportedOperationException("machine clients are registered with ManagingMachineClients");
            }

            @Override
            public RegisteredClient findById(String id) {
                RegisteredClient client = fromConfiguration.findById(id);
                return client != null ? client : findRegistered(id);
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                RegisteredClient client = fromConfiguration.findByClientId(clientId);
                return client != null ? client : findRegistered(clientId);
            }

            /** A registered client goes by its client id; a disabled one is not found. */
            private RegisteredClient findRegistered(String clientId) {
                return registered.find(clientId).filter(MachineClient::enabled)
                        .map(c -> machineClient(c.clientId(), c.clientId(), c.secretHash(), c.roles(), tokenLifetime))
                        .orElse(null);
            }
        };
    }

    private static RegisteredClient machineClient(String id, String clientId, String secretHash, Set<Role> roles,
                                                  Duration tokenLifetime) {
        return RegisteredClient.withId(id)
                .clientId(clientId)
                .clientSecret(secretHash)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientSettings(ClientSettings.builder().setting(ROLES_SETTING, MachineClients.roleNames(roles)).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
                .build();
    }

    /** A client's roles in the {@code roles} claim, its id as the display name. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> rolesInAccessTokens() {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                List<String> roles = context.getRegisteredClient().getClientSettings().getSetting(ROLES_SETTING);
                context.getClaims().claim(Role.CLAIM, roles).claim("name", context.getRegisteredClient().getClientId());
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(@Value("${AUTH_SIGNING_KEY:}") String signingKey) {
        log.info("Token signing key {}", SigningKey.describe(signingKey));
        return new ImmutableJWKSet<>(new JWKSet(SigningKey.fromPemOrGenerated(signingKey)));
    }

    /** For the tokens the gateway signs itself ({@link AccessTokens}): the same key. */
    @Bean
    JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
        return new NimbusJwtEncoder(jwkSource);
    }

    /** Checks tokens on the gateway's own API (and OIDC user info): its own key, its own issuer, not expired. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, @Value("${AUTH_ISSUER_URI:http://localhost:8080}") String issuer) {
        NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
        return decoder;
    }

    /** A signed-in browser's {@code /api/**} calls leave with the user's token; after Spring Security's filters. */
    @Bean
    FilterRegistrationBean<SessionTokenRelay> sessionTokenRelay(AccessTokens tokens) {
        FilterRegistrationBean<SessionTokenRelay> registration = new FilterRegistrationBean<>(new SessionTokenRelay(tokens));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    @Bean
    Clock gatewayClock() {
        return Clock.systemUTC();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${AUTH_ISSUER_URI:http://localhost:8080}") String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }
}
