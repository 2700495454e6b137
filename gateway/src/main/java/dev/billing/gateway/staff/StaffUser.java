package dev.billing.gateway.staff;

import dev.billing.events.access.Role;
import java.time.Instant;
import java.util.Set;

/** A staff member who signs in to the UI. The password hash never leaves the gateway. */
public record StaffUser(String username, String displayName, String passwordHash, Set<Role> roles, boolean enabled,
                        Lockout.State signIn, Instant createdAt, Instant updatedAt) {
}
