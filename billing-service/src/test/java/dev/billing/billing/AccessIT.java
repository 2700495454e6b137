package dev.billing.billing;

import dev.billing.events.access.Role;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.ServiceAccessContract;

/** billing-service's port refuses calls without a valid token and follows the README's permission table. */
@IntegrationTest
class AccessIT extends ServiceAccessContract {
    AccessIT() {
        super("billing-service", "/api/customers", Role.VIEWER);
    }
}
