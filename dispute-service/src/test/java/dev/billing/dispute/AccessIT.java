package dev.billing.dispute;

import dev.billing.events.access.Role;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.ServiceAccessContract;

/** dispute-service's port refuses calls without a valid token and follows the README's permission table. */
@IntegrationTest
class AccessIT extends ServiceAccessContract {
    AccessIT() {
        super("dispute-service", "/api/dlq", Role.ADMIN);
    }
}
