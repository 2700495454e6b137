package dev.billing.gateway.staff;

import java.time.Clock;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff sign-in with username and password: the users come from the gateway's database, a disabled user
 * cannot sign in, and {@link Lockout#STANDARD} locks an account after 5 wrong passwords in a row for 15
 * minutes (a locked account is refused before its password is even checked; every attempt counts as wrong
 * until its password proved right).
 */
@Service
public class SigningIn implements UserDetailsService {
    private final StaffUsers users;
    private final Clock clock;

    SigningIn(StaffUsers users, Clock gatewayClock) {
        this.users = users;
        this.clock = gatewayClock;
    }

    /**
     * Counts the attempt as a wrong password before its password is checked, under the row lock, and answers a locked
     * principal once the account is locked: parallel guesses cannot all pass the lock check before any of them is
     * counted, so at most 5 passwords are ever checked before the lock. A sign-in that succeeds clears the count.
     * While an account is locked, attempts neither count nor prolong the lock.
     */
    @Override
    @Transactional
    public UserDetails loadUserByUsername(String username) {
        StaffUser user = users.lock(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        Instant now = clock.instant();
        if (user.signIn().lockedAt(now)) {
            return new StaffPrincipal(user, true);
        }
        if (user.enabled()) {
            users.update(withSignIn(user, Lockout.STANDARD.afterFailure(user.signIn(), now)));
        }
        return new StaffPrincipal(user, false);
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
