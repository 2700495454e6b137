package dev.billing.gateway.staff;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session follows its account on every request: when an ADMIN disables a user, or the account is
 * locked, removed or given a new password, the session ends at the next request; when their roles or name
 * change, the session carries the new ones (so the next page, and every token made for the user, has them).
 */
public class StaffSessionCheck extends OncePerRequestFilter {
    private final StaffUsers users;
    private final Clock clock;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    public StaffSessionCheck(StaffUsers users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal signedIn) {
            Optional<StaffUser> account = users.find(signedIn.getUsername());
            if (account.isEmpty() || !account.get().enabled() || account.get().signIn().lockedAt(clock.instant())
                    || !account.get().passwordHash().equals(signedIn.passwordHashAtSignIn())) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            } else if (!account.get().roles().equals(signedIn.staffRoles()) || !account.get().displayName().equals(signedIn.displayName())) {
                StaffPrincipal current = new StaffPrincipal(account.get(), false);
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(current, null, current.getAuthorities()));
                SecurityContextHolder.setContext(context);
                sessions.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
