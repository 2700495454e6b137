package dev.billing.gateway.clients;

import dev.billing.events.access.Role;
import dev.billing.gateway.auth.MachineClients;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/machine-clients}: the gateway's own API, ADMIN only (see {@code GatewaySecurity}). */
@RestController
@RequestMapping("/api/machine-clients")
class MachineClientController {
    private final ManagingMachineClients managing;
    private final RegisteredMachineClients registered;
    private final MachineClients configured;

    MachineClientController(ManagingMachineClients managing, RegisteredMachineClients registered, MachineClients configured) {
        this.managing = managing;
        this.registered = registered;
        this.configured = configured;
    }

    /**
     * A client as the API shows it, never its secret's hash; {@code source} is {@code configuration} for the
     * clients of the environment (read only here) or {@code registered}.
     */
    record ClientView(String clientId, List<String> roles, boolean enabled, String source, String createdBy, Instant createdAt,
                      Instant updatedAt) {
        static ClientView of(MachineClient c) {
            return new ClientView(c.clientId(), c.roles().stream().map(Role::name).sorted().toList(), c.enabled(), "registered",
                    c.createdBy(), c.createdAt(), c.updatedAt());
        }
    }

    /** The client with its new secret: shown this once. */
    record ClientWithSecret(ClientView client, String clientSecret) {
        static ClientWithSecret of(ManagingMachineClients.WithSecret made) {
            return new ClientWithSecret(ClientView.of(made.client()), made.secret());
        }
    }

    /** Every client: those of the configuration first, then the registered ones by id. */
    @GetMapping
    List<ClientView> list() {
        List<ClientView> all = new ArrayList<>();
        configured.all().forEach((id, client) -> all.add(new ClientView(id,
                client.roles().stream().map(Role::name).sorted().toList(), true, "configuration", null, null, null)));
        registered.all().forEach(client -> all.add(ClientView.of(client)));
        return all;
    }

    @PostMapping
    ResponseEntity<ClientWithSecret> register(@RequestBody ManagingMachineClients.NewClient request, Principal caller) {
        ManagingMachineClients.WithSecret made = managing.register(request, caller.getName());
        return ResponseEntity.created(URI.create("/api/machine-clients/" + made.client().clientId())).body(ClientWithSecret.of(made));
    }

    @PutMapping("/{clientId}")
    ClientView change(@PathVariable String clientId, @RequestBody ManagingMachineClients.Change request) {
        return ClientView.of(managing.change(clientId, request));
    }

    @PostMapping("/{clientId}/secret")
    ClientWithSecret renewSecret(@PathVariable String clientId) {
        return ClientWithSecret.of(managing.renewSecret(clientId));
    }
}
