package dev.billing.notification.phone;

import java.util.Locale;
import java.util.Optional;

/**
 * What a provider's delivery report says about a message, and which report wins: reports come out of order and
 * repeated (WhatsApp may say "read" before "delivered"; Twilio retries a callback it got no answer to), so a report
 * changes the recorded status only when it goes further: SENT, then DELIVERED, UNDELIVERED or FAILED, then READ.
 */
public enum DeliveryStatus {
    SENT(0), DELIVERED(1), UNDELIVERED(1), FAILED(1), READ(2);

    private final int stage;

    DeliveryStatus(int stage) {
        this.stage = stage;
    }

    /** The status a provider's word names ({@code sent}, {@code delivered}, ...); empty for the in-between ones (queued, accepted, sending). */
    public static Optional<DeliveryStatus> ofProvider(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "sent" -> Optional.of(SENT);
            case "delivered" -> Optional.of(DELIVERED);
            case "undelivered" -> Optional.of(UNDELIVERED);
            case "failed" -> Optional.of(FAILED);
            case "read" -> Optional.of(READ);
            default -> Optional.empty();
        };
    }

    /** Whether this report replaces the status recorded so far (null: none yet). */
    public boolean supersedes(DeliveryStatus recorded) {
        return recorded == null || stage > recorded.stage;
    }

    public boolean reached() {
        return this == DELIVERED || this == READ;
    }
}
