package dev.billing.gateway.staff;

import dev.billing.gateway.GatewayProblem;
import dev.billing.events.access.Role;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/staff-users}: the gateway's own API, ADMIN only (see {@code GatewaySecurity}). */
@RestController
@RequestMapping("/api/staff-users")
class StaffUserController {
    private static final int MAX_PAGE_SIZE = 200;
    private final ManagingStaff staff;
    private final StaffUsers users;
    private final java.time.Clock clock;

    StaffUserController(ManagingStaff staff, StaffUsers users, java.time.Clock gatewayClock) {
        this.staff = staff;
        this.users = users;
        this.clock = gatewayClock;
    }

    /** A staff user as the API shows it: never the password hash. */
    /** {@code lockedUntil}: until when sign-in is refused after 5 wrong passwords; null when it is not. */
    record StaffUserView(String username, String displayName, List<String> roles, boolean enabled, Instant lockedUntil,
                         Instant createdAt, Instant updatedAt) {
        static StaffUserView of(StaffUser user, Instant now) {
            return new StaffUserView(user.username(), user.displayName(), user.roles().stream().map(Role::name).sorted().toList(),
                    user.enabled(), user.signIn().lockedAt(now) ? user.signIn().lockedUntil() : null, user.createdAt(), user.updatedAt());
        }
    }

    record PasswordReset(String password) {
    }

    @GetMapping
    ResponseEntity<List<StaffUserView>> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw GatewayProblem.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw GatewayProblem.badRequest("size", "must be 1-" + MAX_PAGE_SIZE);
        }
        return ResponseEntity.ok().header("X-Total-Count", Long.toString(users.count()))
                .body(users.page(page, size).stream().map(user -> StaffUserView.of(user, clock.instant())).toList());
    }

    @GetMapping("/{username}")
    StaffUserView one(@PathVariable String username) {
        return users.find(username).map(user -> StaffUserView.of(user, clock.instant()))
                .orElseThrow(() -> new GatewayProblem(org.springframework.http.HttpStatus.NOT_FOUND, null, "no staff user named " + username));
    }

    @PostMapping
    ResponseEntity<StaffUserView> create(@RequestBody ManagingStaff.NewUser request) {
        StaffUser user = staff.create(request);
        return ResponseEntity.created(URI.create("/api/staff-users/" + user.username())).body(StaffUserView.of(user, clock.instant()));
    }

    @PutMapping("/{username}")
    StaffUserView change(@PathVariable String username, @RequestBody ManagingStaff.Change request) {
        return StaffUserView.of(staff.change(username, request), clock.instant());
    }

    @PostMapping("/{username}/password")
    ResponseEntity<Map<String, String>> resetPassword(@PathVariable String username, @RequestBody PasswordReset request) {
        staff.resetPassword(username, request.password());
        return ResponseEntity.noContent().build();
    }
}
