package dev.billing.gateway;

import dev.billing.events.access.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Roles of staff users and machine clients: as a request names them (at least one, each one of {@link Role}) and
 * as the gateway's tables keep them (a text array).
 */
public final class RoleNames {
    private RoleNames() {
    }

    public static Set<Role> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw GatewayProblem.badRequest("roles", "must name at least one of " + List.of(Role.values()));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(String.valueOf(name)));
            } catch (IllegalArgumentException unknown) {
                throw GatewayProblem.badRequest("roles", "unknown role " + name + "; the roles are " + List.of(Role.values()));
            }
        }
        return roles;
    }

    /** The roles as a PostgreSQL array literal, for a {@code ?::text[]} parameter. */
    public static String sqlArray(Set<Role> roles) {
        return "{" + String.join(",", roles.stream().map(Role::name).sorted().toList()) + "}";
    }

    public static Set<Role> fromSql(java.sql.Array array) throws java.sql.SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : (String[]) array.getArray()) {
            roles.add(Role.valueOf(name));
        }
        return roles;
    }
}
