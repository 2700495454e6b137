package dev.billing.payment.automatic;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a declined automatic charge is tried again: 1, 3, 5 and 7 days after its first attempt, then no more. A hard
 * decline (the card is stolen, lost, closed or not the customer's to use) is never tried again: another attempt would
 * be refused the same way and can count against the merchant at the card schemes. A retry whose day passed while the
 * service was down is made the next day, one at a time, never several at once.
 */
public final class RetrySchedule {
    /** Days after the first attempt on which the 1st, 2nd, ... retry is made. */
    static final List<Integer> RETRY_DAYS = List.of(1, 3, 5, 7);

    /** Decline codes after which the card must not be charged again (Stripe's codes; the adapters map theirs onto them). */
    static final Set<String> HARD_DECLINES = Set.of("stolen_card", "lost_card", "pickup_card", "fraudulent", "restricted_card",
            "security_violation", "revocation_of_authorization", "revocation_of_all_authorizations", "invalid_account",
            "expired_card", "incorrect_number", "card_not_supported", "transaction_not_allowed");

    private RetrySchedule() {
    }

    public static boolean hard(String declineCode) {
        return declineCode != null && HARD_DECLINES.contains(declineCode);
    }

    /**
     * The day of the next attempt after the {@code failedAttempts}-th failure (the first attempt counts), declined with
     * {@code declineCode}, decided on {@code today}; empty when there is none.
     */
    public static Optional<LocalDate> next(LocalDate firstAttemptOn, int failedAttempts, String declineCode, LocalDate today) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, was " + failedAttempts);
        }
        if (hard(declineCode) || failedAttempts > RETRY_DAYS.size()) {
            return Optional.empty();
        }
        LocalDate planned = firstAttemptOn.plusDays(RETRY_DAYS.get(failedAttempts - 1));
        LocalDate tomorrow = today.plusDays(1);
        return Optional.of(planned.isAfter(today) ? planned : tomorrow);
    }
}
