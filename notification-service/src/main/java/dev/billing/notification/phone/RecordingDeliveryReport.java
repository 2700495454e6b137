package dev.billing.notification.phone;

import dev.billing.notification.panel.Notifications;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records what a provider reports about a message it took, if it goes further than what is recorded ({@link DeliveryStatus}). */
@Service
public class RecordingDeliveryReport {
    private final Notifications notifications;
    private final Clock clock;

    RecordingDeliveryReport(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * A report about a message we know by the provider's id is recorded at once. One we do not know yet may be about a
     * message whose hand-off outcome is still being recorded (the provider answered, and reported, faster than our
     * commit): it is kept, and applied when the message is marked SENT; one about a message we never sent stays kept,
     * harmless.
     */
    @Transactional
    public void record(String provider, String providerMessageId, DeliveryStatus status, String error) {
        Optional<Notifications.Notification> known = notifications.byProviderIdForUpdate(provider, providerMessageId);
        if (known.isPresent()) {
            Notifications.Notification message = known.get();
            DeliveryStatus recorded = message.deliveryStatus() == null ? null : DeliveryStatus.valueOf(message.deliveryStatus());
            if (status.supersedes(recorded)) {
                notifications.recordDelivery(message.id(), status.name(), error, status.reached() ? clock.instant() : null);
            }
            return;
        }
        DeliveryStatus kept = notifications.earlyReport(provider, providerMessageId).map(DeliveryStatus::valueOf).orElse(null);
        if (status.supersedes(kept)) {
            notifications.keepEarlyReport(provider, providerMessageId, status.name(), error, clock.instant());
        }
    }
}
