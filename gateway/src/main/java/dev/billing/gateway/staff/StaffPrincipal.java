package dev.billing.gateway.staff;

import dev.billing.events.access.Role;
import java.util.Set;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A signed-in staff member: the session's principal, with the display name and roles their tokens carry. */
public class StaffPrincipal extends User {
    private final String displayName;
    private final Set<Role> staffRoles;
    /** The hash at sign-in (the framework erases the password itself): a reset since then ends the session. */
    private final String passwordHashAtSignIn;

    StaffPrincipal(StaffUser user, boolean locked) {
        super(user.username(), user.passwordHash(), user.enabled(), true, true, !locked,
                user.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.displayName = user.displayName();
        this.staffRoles = Set.copyOf(user.roles());
        this.passwordHashAtSignIn = user.passwordHash();
    }

    String passwordHashAtSignIn() {
        return passwordHashAtSignIn;
    }

    public String displayName() {
        return displayName;
    }

    public Set<Role> staffRoles() {
        return staffRoles;
    }

    public boolean has(Role role) {
        return staffRoles.contains(role);
    }
}
