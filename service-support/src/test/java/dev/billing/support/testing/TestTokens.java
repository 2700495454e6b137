package dev.billing.support.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.billing.events.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;

/**
 * The authorization server a service's integration tests talk to: a real HTTP server publishing a JWKS at
 * {@code /oauth2/jwks} (as the gateway does), and tokens signed with its key. The service under test gets
 * {@code AUTH_ISSUER_URI} pointing here ({@link EmbeddedInfrastructure}), fetches the keys over HTTP and checks
 * signature, issuer, expiry and roles exactly as it does in production.
 */
public final class TestTokens {
    private static final RSAKey KEY = newKey();
    private static final RSAKey FOREIGN_KEY = newKey();
    private static final String ISSUER = startJwksServer();

    private TestTokens() {
    }

    /** The issuer the services under test trust. */
    public static String issuer() {
        return ISSUER;
    }

    /** A valid token of a staff member with these roles. */
    public static String of(Role... roles) {
        return sign(KEY, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "test-" + Arrays.toString(roles), roles);
    }

    /** A portal token for one customer, as the gateway issues it for a payment link (role CUSTOMER, the customer's id). */
    public static String customer(UUID customerId) {
        Instant expires = Instant.now().plus(Duration.ofMinutes(10));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("customer:" + customerId).claim("name", "portal")
                .claim(Role.CLAIM, java.util.List.of(dev.billing.events.access.PortalAccess.ROLE))
                .claim(dev.billing.events.access.PortalAccess.CUSTOMER_CLAIM, customerId.toString())
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(20)))).expirationTime(Date.from(expires)).build();
        return signed(KEY, claims);
    }

    public static String expired(Role... roles) {
        return sign(KEY, ISSUER, Instant.now().minus(Duration.ofMinutes(5)), "test-expired", roles);
    }

    /** Signed with the trusted key, but naming another issuer. */
    public static String fromIssuer(String issuer, Role... roles) {
        return sign(KEY, issuer, Instant.now().plus(Duration.ofMinutes(10)), "test-foreign-issuer", roles);
    }

    /** Naming the trusted issuer, but signed with a key it never published. */
    public static String signedByAnotherKey(Role... roles) {
        return sign(FOREIGN_KEY, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "test-foreign-key", roles);
    }

    private static String sign(RSAKey key, String issuer, Instant expires, String subject, Role... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("name", subject)
                .claim(Role.CLAIM, Arrays.stream(roles).map(Role::name).toList())
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(20))))
                .expirationTime(Date.from(expires))
                .build();
        return signed(key, claims);
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String startJwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/oauth2/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
