package dev.billing.support.security;

import dev.billing.events.access.PortalAccess;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The customer a portal request acts for: the {@link PortalAccess#CUSTOMER_CLAIM} of its CUSTOMER token. */
public final class PortalCustomer {
    private PortalCustomer() {
    }

    /** The customer of the current request's token; an IllegalStateException when it names none (the security rules let no such request through). */
    public static UUID current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            String customer = jwt.getClaimAsString(PortalAccess.CUSTOMER_CLAIM);
            if (customer != null) {
                return UUID.fromString(customer);
            }
        }
        throw new IllegalStateException("The request's token names no customer");
    }
}
