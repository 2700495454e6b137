package dev.billing.support.events;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who caused a change: the subject of the request's access token (a staff member's username, a machine
 * client's id) and its display name, or {@link #SYSTEM} for scheduled work and consumed events. Every
 * outgoing event carries it (CloudEvents extension {@code actor}, header {@code ce_actor}).
 */
public record Actor(String id, String name) {
    public static final Actor SYSTEM = new Actor("system", "system");

    /** The actor of the current request, from its verified token; {@link #SYSTEM} outside a request. */
    public static Actor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token && token.getToken().getSubject() != null) {
            String name = token.getToken().getClaimAsString("name");
            return new Actor(token.getToken().getSubject(), name == null || name.isBlank() ? token.getToken().getSubject() : name);
        }
        return SYSTEM;
    }
}
