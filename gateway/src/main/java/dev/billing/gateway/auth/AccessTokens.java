package dev.billing.gateway.auth;

import dev.billing.events.access.PortalAccess;
import dev.billing.events.access.Role;
import dev.billing.gateway.staff.StaffPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Access tokens that the gateway signs for itself: for a signed-in staff member's calls to the services (their
 * username, display name and roles) and for its own calls (the document links). Same key and issuer as the
 * tokens of {@code POST /oauth2/token}, so the services check them all alike.
 */
@Component
public class AccessTokens {
    private final JwtEncoder encoder;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    AccessTokens(JwtEncoder encoder, @Value("${AUTH_ISSUER_URI:http://localhost:8080}") String issuer, Clock gatewayClock) {
        this.encoder = encoder;
        this.clock = gatewayClock;
        this.issuer = issuer;
        this.lifetime = Duration.ofMinutes(2);
    }

    /** A token valid for two minutes: long enough for one forwarded call. */
    public String issue(String subject, String name, Collection<Role> roles) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject(subject).claim("name", name)
                .claim(Role.CLAIM, roles.stream().map(Role::name).sorted().toList())
                .issuedAt(now).expiresAt(now.plus(lifetime)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    public String issue(String subject, String name, Role role) {
        return issue(subject, name, List.of(role));
    }

    /** A portal token acting for one customer (role CUSTOMER, {@link PortalAccess#CUSTOMER_CLAIM}): what a payment link may do. */
    public String issueForCustomer(java.util.UUID customerId) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject("customer:" + customerId).claim("name", "customer portal")
                .claim(Role.CLAIM, List.of(PortalAccess.ROLE)).claim(PortalAccess.CUSTOMER_CLAIM, customerId.toString())
                .issuedAt(now).expiresAt(now.plus(lifetime)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    /** A token of the signed-in staff member: their username, display name and roles. */
    public String issue(StaffPrincipal user) {
        return issue(user.getUsername(), user.displayName(), user.staffRoles());
    }
}
