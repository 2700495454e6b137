package dev.billing.gateway.clients;

import dev.billing.gateway.GatewayProblem;
import dev.billing.gateway.RoleNames;
import dev.billing.gateway.auth.MachineClients;
import dev.billing.gateway.staff.StaffUsers;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An ADMIN registers machine clients (accounting, CRM, scripts), changes their roles, disables them and gives them a
 * new secret. The secret is made here (256 random bits), shown once and kept only as a hash; a disabled client gets
 * no more tokens, the tokens it has run out within {@code AUTH_TOKEN_TTL}. The clients in configuration
 * ({@code PLATFORM_CLIENT_ID}, {@code platform.auth.clients}) are changed there, not here.
 */
@Service
public class ManagingMachineClients {
    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final RegisteredMachineClients clients;
    private final MachineClients configured;
    private final StaffUsers staff;
    private final PasswordEncoder passwords;
    private final Clock clock;

    ManagingMachineClients(RegisteredMachineClients clients, MachineClients configured, StaffUsers staff, PasswordEncoder passwords,
                           Clock gatewayClock) {
        this.clients = clients;
        this.configured = configured;
        this.staff = staff;
        this.passwords = passwords;
        this.clock = gatewayClock;
    }

    public record NewClient(String clientId, List<String> roles) {
    }

    public record Change(List<String> roles, Boolean enabled) {
    }

    /** A client with the secret just made for it: the only time the secret is seen. */
    public record WithSecret(MachineClient client, String secret) {
    }

    @Transactional
    public WithSecret register(NewClient request, String actor) {
        String id = request.clientId() == null ? "" : request.clientId().strip();
        if (!CLIENT_ID.matcher(id).matches()) {
            throw GatewayProblem.badRequest("clientId", "must be 3-64 characters: lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        if (configured.all().containsKey(id)) {
            throw new GatewayProblem(HttpStatus.CONFLICT, "clientId", id + " is a client of the configuration; choose another id");
        }
        if (staff.find(id).isPresent()) {
            // a token's subject is who did it in every service's records: a client and a person must not share one
            throw new GatewayProblem(HttpStatus.CONFLICT, "clientId", id + " is a staff user's name; choose another id");
        }
        String secret = newSecret();
        Instant now = clock.instant();
        MachineClient client = new MachineClient(id, passwords.encode(secret), RoleNames.parse(request.roles()), true, actor, now, now);
        if (!clients.insert(client)) {
            throw new GatewayProblem(HttpStatus.CONFLICT, "clientId", "a machine client " + id + " exists already");
        }
        return new WithSecret(client, secret);
    }

    @Transactional
    public MachineClient change(String clientId, Change request) {
        MachineClient client = locked(clientId);
        MachineClient changed = new MachineClient(client.clientId(), client.secretHash(),
                request.roles() == null ? client.roles() : RoleNames.parse(request.roles()),
                request.enabled() == null ? client.enabled() : request.enabled(), client.createdBy(), client.createdAt(), clock.instant());
        clients.update(changed);
        return changed;
    }

    /** Replaces the secret: the old one gets no more tokens from now on. */
    @Transactional
    public WithSecret renewSecret(String clientId) {
        MachineClient client = locked(clientId);
        String secret = newSecret();
        MachineClient renewed = new MachineClient(client.clientId(), passwords.encode(secret), client.roles(), client.enabled(),
                client.createdBy(), client.createdAt(), clock.instant());
        clients.update(renewed);
        return new WithSecret(renewed, secret);
    }

    private MachineClient locked(String clientId) {
        if (configured.all().containsKey(clientId)) {
            throw new GatewayProblem(HttpStatus.CONFLICT, null, clientId + " is a client of the configuration; change it there");
        }
        return clients.lock(clientId).orElseThrow(() -> new GatewayProblem(HttpStatus.NOT_FOUND, null, "no machine client " + clientId));
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
