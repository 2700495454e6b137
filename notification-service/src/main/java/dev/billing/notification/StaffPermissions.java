package dev.billing.notification;

import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.billing.events.access.Role;
import dev.billing.support.security.EndpointRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may write what in notification-service (the README's permission table); reads are open to every role. */
@Configuration(proxyBeanMethods = false)
class StaffPermissions {

    @Bean
    EndpointRoles notificationEndpointRoles() {
        return new EndpointRoles()
                .allow(POST, "/api/notifications/*/retry", Role.COLLECTOR)
                .allow(POST, "/api/notifications/retry-failed", Role.COLLECTOR)
                .allow(POST, "/api/notifications/history", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(PUT, "/api/notifications/preferences/*", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(POST, "/api/notifications/templates/*/*/*/preview", Role.ACCOUNTANT, Role.COLLECTOR);
    }
}
