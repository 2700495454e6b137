package dev.billing.gateway.clients;

import dev.billing.events.access.Role;
import java.time.Instant;
import java.util.Set;

/** A machine client an ADMIN registered: its id, the hash of its secret, its roles, whether it may get tokens, and who made it. */
public record MachineClient(String clientId, String secretHash, Set<Role> roles, boolean enabled, String createdBy,
                            Instant createdAt, Instant updatedAt) {
}
