package dev.billing.gateway.staff;

import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff sign-in with username and password: the users come from the gateway's database, a disabled user
 * cannot sign in, and {@link Lockout#STANDARD} locks an account after 5 wrong passwords in a row for 15
 * minutes (a locked account is refused before its password is even checked).
 */
@Service
public class SigningIn implements UserDetailsService {
    private final StaffUsers users;
    private final Clock clock;

    SigningIn(StaffUsers users, Clock gatewayClock) {
        this.users = users;
        this.clock = gatewayClock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        StaffUser user = users.find(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return new StaffPrincipal(user, user.signIn().lockedAt(clock.instant()));
    }

    @EventListener
    @Transactional
    public void wrongPassword(AuthenticationFailureBadCredentialsEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            // under the row lock: parallel wrong passwords all count; while locked they do not prolong the lock
            users.lock(attempt.getName()).filter(user -> !user.signIn().lockedAt(clock.instant()))
                    .ifPresent(user -> users.update(withSignIn(user, Lockout.STANDARD.afterFailure(user.signIn(), clock.instant()))));
        }
    }

    @EventListener
    @Transactional
    public void signedIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt && attempt.getPrincipal() instanceof UserDetails) {
            users.lock(attempt.getName()).filter(user -> user.signIn().failedLogins() > 0 || user.signIn().lockedUntil() != null)
                    .ifPresent(user -> users.update(withSignIn(user, Lockout.STANDARD.afterSuccess())));
        }
    }

    private StaffUser withSignIn(StaffUser user, Lockout.State state) {
        return new StaffUser(user.username(), user.displayName(), user.passwordHash(), user.roles(), user.enabled(), state,
                user.createdAt(), clock.instant());
    }
}
