package dev.billing.support.security;

import dev.billing.events.access.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * Which roles may call a service's writing endpoints (the README's permission table). A service declares
 * one as a bean; {@link ResourceServerSecurity} enforces it. ADMIN may call every endpoint; every role may
 * read ({@code GET /api/**}); a write that no rule names is ADMIN's only.
 */
public final class EndpointRoles {

    /** Requests with {@code method} whose path matches {@code pattern} (Spring path pattern) may be made by {@code roles}. */
    public record Rule(HttpMethod method, String pattern, Set<Role> roles) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<String> open = new ArrayList<>();

    /**
     * Pages under {@code pattern} need no token: a provider's hosted payment page (the sandbox's), which the customer's
     * browser opens from the link it was sent to.
     */
    public EndpointRoles open(String pattern) {
        open.add(pattern);
        return this;
    }

    public List<String> openPatterns() {
        return List.copyOf(open);
    }

    public EndpointRoles allow(HttpMethod method, String pattern, Role... roles) {
        Set<Role> allowed = EnumSet.of(Role.ADMIN, roles);
        rules.add(new Rule(method, pattern, Set.copyOf(allowed)));
        return this;
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }
}
