package dev.billing.support.time;

import java.time.Instant;

/**
 * Work that becomes due as time passes (cut dates, overdue marks, reminder steps). Scheduled jobs run
 * it periodically; the test clock runs it at once after moving time.
 */
public interface DueWork {
    void runDueWork(Instant now);
}
