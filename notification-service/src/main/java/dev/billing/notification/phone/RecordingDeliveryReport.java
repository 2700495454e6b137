package dev.billing.notification.phone;

import dev.billing.notification.panel.Notifications;
import java.time.Clock;
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

    /** False when no message of ours has that provider id (a report for something we did not send). */
    @Transactional
    public boolean record(String provider, String providerMessageId, DeliveryStatus status, String error) {
        return notifications.byProviderIdForUpdate(provider, providerMessageId).map(message -> {
            DeliveryStatus recorded = message.deliveryStatus() == null ? null : DeliveryStatus.valueOf(message.deliveryStatus());
            if (status.supersedes(recorded)) {
                notifications.recordDelivery(message.id(), status.name(), error, status.reached() ? clock.instant() : null);
            }
            return true;
        }).orElse(false);
    }
}
