package dev.billing.dispute;

import static org.springframework.http.HttpMethod.POST;

import dev.billing.events.access.Role;
import dev.billing.support.security.EndpointRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may write what in dispute-service; reads are open to every staff role, {@code /api/portal/**} to CUSTOMER tokens
 * only. A proposed credit note or re-issue is approved or declined by an ACCOUNTANT (or ADMIN), never by its proposer
 * ({@code FourEyes}, checked in the use case).
 */
@Configuration(proxyBeanMethods = false)
class StaffPermissions {

    @Bean
    EndpointRoles disputeEndpointRoles() {
        return new EndpointRoles()
                .allow(POST, "/api/disputes", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/disputes/*/messages", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/disputes/*/assign", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/disputes/*/proposal", Role.COLLECTOR, Role.ACCOUNTANT)
                .allow(POST, "/api/disputes/*/proposal/approve", Role.ACCOUNTANT)
                .allow(POST, "/api/disputes/*/proposal/decline", Role.ACCOUNTANT);
    }
}
