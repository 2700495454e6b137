package dev.billing.gateway.auth;

import dev.billing.events.access.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The machine clients (accounting, CRM, scripts) that get tokens with the {@code client_credentials} grant,
 * each with its roles: the platform client ({@code PLATFORM_CLIENT_ID} / {@code PLATFORM_CLIENT_SECRET},
 * ADMIN, so scripts can move the test clock) and any under {@code platform.auth.clients.<id>}.
 */
@ConfigurationProperties("platform.auth")
public record MachineClients(String platformClientId, String platformClientSecret, Map<String, Client> clients) {

    public record Client(String secret, Set<Role> roles) {
    }

    public MachineClients {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    /** Every client by id, the platform client first. */
    public Map<String, Client> all() {
        Map<String, Client> all = new LinkedHashMap<>();
        all.put(platformClientId, new Client(platformClientSecret, Set.of(Role.ADMIN)));
        clients.forEach(all::putIfAbsent);
        return all;
    }

    static List<String> roleNames(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toList();
    }
}
