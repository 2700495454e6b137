package dev.billing.gateway.staff;

import dev.billing.gateway.GatewayProblem;
import dev.billing.gateway.RoleNames;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An ADMIN creates staff users, changes their name, roles and whether they may sign in, and resets passwords. */
@Service
public class ManagingStaff {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 128;
    private static final int MAX_NAME_LENGTH = 200;
    private final StaffUsers users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    ManagingStaff(StaffUsers users, PasswordEncoder passwords, Clock gatewayClock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = gatewayClock;
    }

    public record NewUser(String username, String displayName, String password, List<String> roles) {
    }

    public record Change(String displayName, List<String> roles, Boolean enabled) {
    }

    @Transactional
    public StaffUser create(NewUser request) {
        String username = request.username() == null ? null : request.username().strip();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw GatewayProblem.badRequest("username", "must be 3-64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Instant now = clock.instant();
        StaffUser user = new StaffUser(username, displayName(request.displayName()), passwords.encode(password(request.password())),
                RoleNames.parse(request.roles()), true, new Lockout.State(0, null), now, now);
        if (!users.insert(user)) {
            throw new GatewayProblem(HttpStatus.CONFLICT, "username", "a staff user named " + username + " exists already");
        }
        return user;
    }

    @Transactional
    public StaffUser change(String username, Change request) {
        StaffUser user = existing(username);
        StaffUser changed = new StaffUser(user.username(),
                request.displayName() == null ? user.displayName() : displayName(request.displayName()), user.passwordHash(),
                request.roles() == null ? user.roles() : RoleNames.parse(request.roles()),
                request.enabled() == null ? user.enabled() : request.enabled(), user.signIn(), user.createdAt(), clock.instant());
        users.update(changed);
        return changed;
    }

    /** A new password; it also lifts a lockout, so that an ADMIN can let a locked-out colleague back in at once. */
    @Transactional
    public StaffUser resetPassword(String username, String password) {
        StaffUser user = existing(username);
        StaffUser changed = new StaffUser(user.username(), user.displayName(), passwords.encode(password(password)), user.roles(),
                user.enabled(), Lockout.STANDARD.afterSuccess(), user.createdAt(), clock.instant());
        users.update(changed);
        return changed;
    }

    private StaffUser existing(String username) {
        return users.lock(username).orElseThrow(() -> new GatewayProblem(HttpStatus.NOT_FOUND, null, "no staff user named " + username));
    }

    private static String displayName(String name) {
        if (name == null || name.isBlank()) {
            throw GatewayProblem.badRequest("displayName", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw GatewayProblem.badRequest("displayName", "must be at most " + MAX_NAME_LENGTH + " characters, without control characters");
        }
        return name.strip();
    }

    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw GatewayProblem.badRequest("password", "must be " + MIN_PASSWORD_LENGTH + "-" + MAX_PASSWORD_LENGTH + " characters");
        }
        return password;
    }
}
