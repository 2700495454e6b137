package dev.billing.dispute.dispute;

import dev.billing.events.access.Role;
import dev.billing.support.events.Actor;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The staff member of the current request: who (the token's {@code sub}, as assignee, proposer and approver) and their roles. */
final class Staff {

    static String id() {
        return Actor.current().id();
    }

    /** The display name, as the author of messages. */
    static String name() {
        return Actor.current().name();
    }

    static Set<Role> roles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                for (Role role : Role.values()) {
                    if (("ROLE_" + role.name()).equals(authority.getAuthority())) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }

    private Staff() {
    }
}
