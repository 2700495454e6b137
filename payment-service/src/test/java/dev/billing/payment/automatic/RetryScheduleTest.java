package dev.billing.payment.automatic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {
    private static final LocalDate DUE = LocalDate.of(2027, 3, 10);

    @Test
    void aSoftDeclineIsTriedAgainOnDaysOneThreeFiveAndSevenThenNoMore() {
        LocalDate day = DUE;
        StringBuilder attempts = new StringBuilder(day.toString());
        for (int failed = 1; ; failed++) {
            Optional<LocalDate> next = RetrySchedule.next(DUE, failed, "insufficient_funds", day);
            if (next.isEmpty()) {
                break;
            }
            day = next.get();
            attempts.append(' ').append(day);
        }
        assertThat(attempts.toString()).isEqualTo("2027-03-10 2027-03-11 2027-03-13 2027-03-15 2027-03-17");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stolen_card", "lost_card", "fraudulent", "pickup_card", "expired_card"})
    void aHardDeclineIsNeverTriedAgain(String code) {
        assertThat(RetrySchedule.hard(code)).isTrue();
        assertThat(RetrySchedule.next(DUE, 1, code, DUE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"insufficient_funds", "card_declined", "processing_error", "do_not_honor"})
    void aSoftDeclineIsTriedAgain(String code) {
        assertThat(RetrySchedule.hard(code)).isFalse();
        assertThat(RetrySchedule.next(DUE, 1, code, DUE)).contains(DUE.plusDays(1));
    }

    @Test
    void aDeclineWithoutACodeIsSoft() {
        assertThat(RetrySchedule.next(DUE, 2, null, DUE.plusDays(1))).contains(DUE.plusDays(3));
    }

    @Test
    void retriesWhoseDaysPassedDuringAnOutageComeOneADayFromTomorrow() {
        LocalDate backOn = DUE.plusDays(20);
        assertThat(RetrySchedule.next(DUE, 1, "insufficient_funds", backOn)).contains(backOn.plusDays(1));
        assertThat(RetrySchedule.next(DUE, 2, "insufficient_funds", backOn.plusDays(1))).contains(backOn.plusDays(2));
        assertThat(RetrySchedule.next(DUE, 5, "insufficient_funds", backOn.plusDays(4))).isEmpty();
    }

    /** Whatever the day of the decision, the next attempt is later than it, and there are never more than five attempts. */
    @Test
    void theNextAttemptIsAlwaysLaterAndTheAttemptsEnd() {
        Random random = new Random(20270310L);
        for (int run = 0; run < 500; run++) {
            LocalDate first = DUE.plusDays(random.nextInt(400));
            LocalDate today = first;
            int failed = 0;
            Optional<LocalDate> next;
            do {
                failed++;
                next = RetrySchedule.next(first, failed, "insufficient_funds", today);
                if (next.isPresent()) {
                    assertThat(next.get()).isAfter(today);
                    today = next.get().plusDays(random.nextInt(3));
                }
            } while (next.isPresent());
            assertThat(failed).isEqualTo(5);
        }
    }

    @Test
    void thereIsNoRetryBeforeAFailure() {
        assertThatThrownBy(() -> RetrySchedule.next(DUE, 0, null, DUE)).isInstanceOf(IllegalArgumentException.class);
    }
}
