package dev.billing.notification.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void theProvidersWordsNameTheStatusesAndTheInBetweenOnesNone() {
        assertThat(DeliveryStatus.ofProvider("delivered")).contains(DeliveryStatus.DELIVERED);
        assertThat(DeliveryStatus.ofProvider("READ")).contains(DeliveryStatus.READ);
        assertThat(DeliveryStatus.ofProvider("undelivered")).contains(DeliveryStatus.UNDELIVERED);
        assertThat(DeliveryStatus.ofProvider("queued")).isEmpty();
        assertThat(DeliveryStatus.ofProvider("accepted")).isEmpty();
        assertThat(DeliveryStatus.ofProvider(null)).isEmpty();
    }

    @Test
    void aReportReplacesTheRecordedStatusOnlyWhenItGoesFurther() {
        assertThat(DeliveryStatus.SENT.supersedes(null)).isTrue();
        assertThat(DeliveryStatus.DELIVERED.supersedes(DeliveryStatus.SENT)).isTrue();
        assertThat(DeliveryStatus.FAILED.supersedes(DeliveryStatus.SENT)).isTrue();
        assertThat(DeliveryStatus.READ.supersedes(DeliveryStatus.DELIVERED)).isTrue();
        assertThat(DeliveryStatus.DELIVERED.supersedes(DeliveryStatus.READ)).as("late delivered after read").isFalse();
        assertThat(DeliveryStatus.SENT.supersedes(DeliveryStatus.DELIVERED)).isFalse();
        assertThat(DeliveryStatus.DELIVERED.supersedes(DeliveryStatus.DELIVERED)).as("a repeated report").isFalse();
        assertThat(DeliveryStatus.FAILED.supersedes(DeliveryStatus.DELIVERED)).isFalse();
    }
}
