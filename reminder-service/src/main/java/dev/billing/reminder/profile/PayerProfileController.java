package dev.billing.reminder.profile;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/reminders/customers/{id}/profile}: the customer's payer profile with the figures behind it. */
@RestController
class PayerProfileController {
    private final PayerProfiles profiles;

    PayerProfileController(PayerProfiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping("/api/reminders/customers/{customerId}/profile")
    PayerProfile profile(@PathVariable UUID customerId) {
        return profiles.of(customerId);
    }
}
