package dev.billing.invoice;

import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.billing.events.access.Role;
import dev.billing.support.security.EndpointRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may write what in invoice-service (the README's permission table); reads are open to every role. */
@Configuration(proxyBeanMethods = false)
class StaffPermissions {

    @Bean
    EndpointRoles invoiceEndpointRoles() {
        return new EndpointRoles()
                // previews write nothing: every role may read them (before the credit-notes rule, which they would not match anyway)
                .allow(POST, "/api/invoices/*/credit-notes/preview", Role.ACCOUNTANT, Role.COLLECTOR, Role.VIEWER)
                .allow(POST, "/api/invoices/*/reissue-preview", Role.ACCOUNTANT, Role.COLLECTOR, Role.VIEWER)
                .allow(POST, "/api/invoices", Role.ACCOUNTANT)
                .allow(PUT, "/api/invoices/*/lines", Role.ACCOUNTANT)
                .allow(POST, "/api/invoices/*/issue", Role.ACCOUNTANT)
                .allow(POST, "/api/invoices/*/cancel", Role.ACCOUNTANT)
                .allow(POST, "/api/invoices/*/credit-notes", Role.ACCOUNTANT)
                .allow(POST, "/api/invoices/*/attachments", Role.ACCOUNTANT)
                .allow(POST, "/api/customers/*/credit-refunds", Role.ACCOUNTANT);
    }
}
