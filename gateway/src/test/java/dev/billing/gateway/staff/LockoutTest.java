package dev.billing.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutTest {
    private static final Instant NOW = Instant.parse("2027-01-04T09:00:00Z");

    @Test
    void theFifthWrongPasswordInARowLocksForFifteenMinutesAndTheCountStartsAgain() {
        Lockout.State state = new Lockout.State(0, null);
        for (int failure = 1; failure <= 4; failure++) {
            state = Lockout.STANDARD.afterFailure(state, NOW);
            assertThat(state.failedLogins()).isEqualTo(failure);
            assertThat(state.lockedAt(NOW)).isFalse();
        }
        state = Lockout.STANDARD.afterFailure(state, NOW);

        assertThat(state.lockedAt(NOW)).isTrue();
        assertThat(state.lockedAt(NOW.plus(Duration.ofMinutes(15)).minusSeconds(1))).isTrue();
        assertThat(state.lockedAt(NOW.plus(Duration.ofMinutes(15)))).isFalse();
        assertThat(state.failedLogins()).isZero();
    }

    @Test
    void aSuccessfulSignInClearsTheCountAndTheLock() {
        Lockout.State state = Lockout.STANDARD.afterFailure(new Lockout.State(3, null), NOW);

        assertThat(Lockout.STANDARD.afterSuccess()).isEqualTo(new Lockout.State(0, null));
        assertThat(state.failedLogins()).isEqualTo(4);
    }
}
