package dev.billing.reporting;

import dev.billing.events.access.Role;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.ServiceAccessContract;

/** reporting-service's port refuses calls without a valid token and follows the README's permission table. */
@IntegrationTest
class AccessIT extends ServiceAccessContract {
    AccessIT() {
        super("reporting-service", "/api/activity", Role.VIEWER);
    }
}
