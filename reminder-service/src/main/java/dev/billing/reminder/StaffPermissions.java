package dev.billing.reminder;

import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.billing.events.access.Role;
import dev.billing.support.security.EndpointRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may write what in reminder-service (the README's permission table); reads are open to every role. */
@Configuration(proxyBeanMethods = false)
class StaffPermissions {

    @Bean
    EndpointRoles reminderEndpointRoles() {
        return new EndpointRoles()
                .allow(POST, "/api/reminders/policies", Role.COLLECTOR)
                .allow(POST, "/api/reminders/policies/preview", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(PUT, "/api/reminders/policies/*", Role.COLLECTOR)
                .allow(PUT, "/api/reminders/customers/*/policy", Role.COLLECTOR)
                .allow(PUT, "/api/reminders/profile-policies/*", Role.COLLECTOR)
                .allow(POST, "/api/reminders/invoices/*/pause", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/reminders/invoices/*/resume", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/reminders/promises", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/reminders/payment-plans", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(PUT, "/api/reminders/payment-plans/*", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/reminders/payment-plans/*/cancel", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/reminders/tasks/*/*", Role.COLLECTOR);
    }
}
