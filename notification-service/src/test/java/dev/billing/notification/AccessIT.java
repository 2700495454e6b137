package dev.billing.notification;

import dev.billing.events.access.Role;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.ServiceAccessContract;

/** notification-service's port refuses calls without a valid token and follows the README's permission table. */
@IntegrationTest
class AccessIT extends ServiceAccessContract {
    AccessIT() {
        super("notification-service", "/api/notifications?customerId=00000000-0000-4000-8000-000000000000", Role.VIEWER);
    }
}
