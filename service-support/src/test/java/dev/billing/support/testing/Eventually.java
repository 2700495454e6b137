package dev.billing.support.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a value satisfies a condition or the time is up; returns the last value either way. */
public final class Eventually {

    public static <T> T await(Supplier<T> value, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = value.get();
        }
        return last;
    }

    private Eventually() {
    }
}
