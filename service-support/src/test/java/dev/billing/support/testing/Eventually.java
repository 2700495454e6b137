package dev.billing.support.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Polls (Awaitility, every 100 ms) until a value satisfies a condition or the time is up, and returns
 * the last value either way, so that the caller's assertion on it says what was wrong.
 */
public final class Eventually {

    public static <T> T await(Supplier<T> value, Predicate<T> done, Duration timeout) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        T current = value.get();
                        last.set(current);
                        return done.test(current);
                    });
        } catch (ConditionTimeoutException e) {
            // the assertion on the returned value reports the failure
        }
        return last.get();
    }

    private Eventually() {
    }
}
