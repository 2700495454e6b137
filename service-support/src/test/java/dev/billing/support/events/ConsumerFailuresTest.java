package dev.billing.support.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/** Which failures are waited out and which go to the DLQ. */
class ConsumerFailuresTest {
    private final ConsumerFailures failures = new ConsumerFailures(null, Duration.ofMinutes(30), new SimpleMeterRegistry());

    private static Exception asTheContainerSeesIt(Throwable cause) {
        return new ListenerExecutionFailedException("listener failed", new MessageHandlingException(null, "handler failed", cause));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsWaitedOutForMinutes() {
        Exception noConnection = asTheContainerSeesIt(new CannotCreateTransactionException("no connection",
                new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));

        BackOff backOff = failures.backOffFor(noConnection);

        assertThat(backOff).isNotNull();
        BackOffExecution execution = backOff.start();
        long waited = 0;
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            waited += next;
        }
        assertThat(Duration.ofMillis(waited)).isGreaterThanOrEqualTo(Duration.ofMinutes(29));
    }

    @Test
    void aCutConnectionAndAServerShuttingDownAreTransient() {
        assertThat(ConsumerFailures.isTransient(asTheContainerSeesIt(new CannotGetJdbcConnectionException("pool",
                new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(ConsumerFailures.isTransient(asTheContainerSeesIt(
                new RuntimeException(new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE))))).isTrue();
        assertThat(ConsumerFailures.isTransient(asTheContainerSeesIt(new SQLException("deadlock detected", "40P01")))).isTrue();
    }

    @Test
    void anUnreadableEventOrABugIsNotTransient() {
        assertThat(ConsumerFailures.isTransient(asTheContainerSeesIt(new InvalidEventException("field 'billTo' missing")))).isFalse();
        assertThat(ConsumerFailures.isTransient(asTheContainerSeesIt(new IllegalStateException("bug")))).isFalse();
        assertThat(ConsumerFailures.isTransient(asTheContainerSeesIt(new SQLException("value too long", "22001")))).isFalse();
        assertThat(failures.backOffFor(asTheContainerSeesIt(new IllegalStateException("bug")))).isNull();
    }

    @Test
    void aFailureOfNoKnownKindIsRetriedForTwoMinutesBeforeTheDlq() {
        BackOffExecution execution = ConsumerFailures.otherFailures().start();
        long waited = 0;
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            waited += next;
        }
        assertThat(Duration.ofMillis(waited)).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(130));
    }

    @Test
    void theReasonIsTheFailureNotItsWrappers() {
        InvalidEventException cause = new InvalidEventException("field 'billTo' missing");
        assertThat(ConsumerFailures.reason(asTheContainerSeesIt(cause))).isSameAs(cause);
    }
}
