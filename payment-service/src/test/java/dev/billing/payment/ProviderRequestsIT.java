package dev.billing.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.payment.provider.ProviderRequests;
import dev.billing.support.testing.IntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A request to a provider without idempotency keys, sent again after lost answers only once the provider could list it. */
@IntegrationTest
class ProviderRequestsIT {
    @Autowired
    ProviderRequests requests;
    @Autowired
    JdbcClient jdbc;

    @Test
    void eachLostAnswerWaitsTheListingDelayFromTheLastSendingBeforeTheRequestIsSentAgain() {
        UUID key = UUID.randomUUID();
        assertThat(requests.sentBefore("paytr", key)).as("the first sending").isEmpty();

        Instant sent = requests.sentBefore("paytr", key).orElseThrow();
        assertThatThrownBy(() -> requests.resendingUnlisted("paytr", key, sent)).isInstanceOf(ProviderRequests.NotListedYet.class);

        LostAnswers.lastSentBeforeTheListingDelay(jdbc, key.toString());
        Instant longAgo = requests.sentBefore("paytr", key).orElseThrow();
        requests.resendingUnlisted("paytr", key, longAgo);

        // the answer to that second sending is lost as well: the wait starts again from it
        Instant resent = requests.sentBefore("paytr", key).orElseThrow();
        assertThat(resent).isAfter(longAgo);
        assertThatThrownBy(() -> requests.resendingUnlisted("paytr", key, resent)).isInstanceOf(ProviderRequests.NotListedYet.class);
        assertThat(requests.sentBefore("iyzico", key)).as("another provider's request under the same key").isEmpty();
    }
}
