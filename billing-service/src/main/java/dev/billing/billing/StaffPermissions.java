package dev.billing.billing;

import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.billing.events.access.Role;
import dev.billing.support.security.EndpointRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may write what in billing-service (the README's permission table); reads are open to every role. */
@Configuration(proxyBeanMethods = false)
class StaffPermissions {

    @Bean
    EndpointRoles billingEndpointRoles() {
        return new EndpointRoles()
                .allow(POST, "/api/customers/*/charges", Role.ACCOUNTANT)
                .allow(POST, "/api/customers", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(PUT, "/api/customers/*", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(POST, "/api/subscriptions", Role.ACCOUNTANT)
                .allow(POST, "/api/subscriptions/*/*", Role.ACCOUNTANT)
                .allow(POST, "/api/subscriptions/*/change/preview", Role.ACCOUNTANT);
    }
}
