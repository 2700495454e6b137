package dev.billing.gateway.staff;

import java.time.Duration;
import java.time.Instant;

/**
 * The sign-in lockout rule: after {@code maxFailures} wrong passwords in a row an account is locked for
 * {@code lockFor}; the count starts again with the lock, and a successful sign-in clears it.
 */
public record Lockout(int maxFailures, Duration lockFor) {
    public static final Lockout STANDARD = new Lockout(5, Duration.ofMinutes(15));

    /** An account's sign-in state: wrong passwords in a row, and until when it is locked (null: not locked). */
    public record State(int failedLogins, Instant lockedUntil) {
        public boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }

    public State afterFailure(State state, Instant now) {
        int failures = state.failedLogins() + 1;
        return failures >= maxFailures ? new State(0, now.plus(lockFor)) : new State(failures, state.lockedUntil());
    }

    public State afterSuccess() {
        return new State(0, null);
    }
}
