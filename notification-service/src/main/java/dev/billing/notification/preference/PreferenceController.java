package dev.billing.notification.preference;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET|PUT /api/notifications/preferences/{customerId}}: the channels the customer gets no reminders on ({@code optOut}). */
@RestController
class PreferenceController {
    private final ChannelPreferences preferences;

    PreferenceController(ChannelPreferences preferences) {
        this.preferences = preferences;
    }

    @GetMapping("/api/notifications/preferences/{customerId}")
    ChannelPreferences.Preferences get(@PathVariable UUID customerId) {
        return preferences.get(customerId);
    }

    /** Replaces the customer's opt-outs with these. */
    @PutMapping("/api/notifications/preferences/{customerId}")
    ChannelPreferences.Preferences replace(@PathVariable UUID customerId, @RequestBody ChannelPreferences.Preferences request) {
        return preferences.replace(customerId, request);
    }
}
