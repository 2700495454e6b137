package dev.billing.payment;

import static org.springframework.http.HttpMethod.POST;

import dev.billing.events.access.Role;
import dev.billing.support.security.EndpointRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may write what in payment-service (the README's permission table); reads are open to every role. */
@Configuration(proxyBeanMethods = false)
class StaffPermissions {

    @Bean
    EndpointRoles paymentEndpointRoles() {
        return new EndpointRoles()
                .allow(POST, "/api/payments", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(POST, "/api/payments/*/refunds", Role.ACCOUNTANT)
                .allow(POST, "/api/payments/bank-statements", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(POST, "/api/payments/bank-statements/*/lines/*/confirm", Role.ACCOUNTANT, Role.COLLECTOR)
                .allow(POST, "/api/payments/bank-statements/*/lines/*/ignore", Role.ACCOUNTANT, Role.COLLECTOR)
                // the sandbox provider's hosted page, opened by the customer's browser
                .open("/pay/sandbox/**");
    }
}
