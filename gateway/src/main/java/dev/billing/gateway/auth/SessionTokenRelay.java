package dev.billing.gateway.auth;

import dev.billing.gateway.staff.StaffPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in staff member's browser calls {@code /api/**} with its session cookie; the services want a token.
 * This filter (after Spring Security, so the session is known) adds {@code Authorization: Bearer} with a
 * short-lived token naming the user and their roles ({@link AccessTokens}), unless the call brought its own.
 */
public class SessionTokenRelay extends OncePerRequestFilter {
    private final AccessTokens tokens;

    public SessionTokenRelay(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof StaffPrincipal user)) {
            chain.doFilter(request, response);
            return;
        }
        String bearer = "Bearer " + tokens.issue(user);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? bearer : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(bearer)) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                java.util.List<String> names = Collections.list(super.getHeaderNames());
                names.add(HttpHeaders.AUTHORIZATION);
                return Collections.enumeration(names);
            }
        }, response);
    }
}
