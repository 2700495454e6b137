package dev.billing.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PaymentTest {
    private static final Instant AT = Instant.parse("2027-03-10T09:00:00Z");

    private static Payment payment(String amount, String currency) {
        return new Payment(UUID.randomUUID(), UUID.randomUUID(), null, currency, new BigDecimal(amount), "BANK_TRANSFER", null, null,
                null, AT, AT, "ayse");
    }

    @Test
    void refundsReduceWhatIsLeftToGiveBackUntilNothingIs() {
        Payment payment = payment("1000.00", "TRY");
        payment.refund(UUID.randomUUID(), new BigDecimal("400"), "part", AT, "ayse");
        assertThat(payment.refundable()).isEqualTo("600.00");
        payment.refund(UUID.randomUUID(), new BigDecimal("600.00"), null, AT, "ayse");
        assertThat(payment.refundable()).isEqualTo("0.00");
        assertThatThrownBy(() -> payment.refund(UUID.randomUUID(), new BigDecimal("0.01"), null, AT, "ayse"))
                .isInstanceOf(Payment.RefundRefused.class).hasMessageContaining("0.00 TRY");
        assertThat(payment.refunds()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1000.01", "0.001"})
    void aRefundThatIsNotPositiveTooLargeOrTooPreciseChangesNothing(String amount) {
        Payment payment = payment("1000.00", "TRY");
        assertThatThrownBy(() -> payment.refund(UUID.randomUUID(), new BigDecimal(amount), null, AT, "ayse"))
                .isInstanceOf(Payment.RefundRefused.class);
        assertThat(payment.refunds()).isEmpty();
        assertThat(payment.refundable()).isEqualTo("1000.00");
    }

    private static Payment byCard(String amount) {
        return new Payment(UUID.randomUUID(), UUID.randomUUID(), null, "TRY", new BigDecimal(amount), "CARD", "paytr", "oid1", null, AT,
                AT, "customer");
    }

    @Test
    void aRefundOfAStaffPaymentIsDoneAtOnceAndOneAProviderTookWaitsForItsAnswerCountingAgainstWhatIsLeft() {
        Refund manual = payment("100.00", "TRY").refund(UUID.randomUUID(), new BigDecimal("10"), null, AT, "ayse");
        assertThat(manual.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(manual.decidedAt()).isEqualTo(AT);

        Payment payment = byCard("100.00");
        Refund pending = payment.refund(UUID.randomUUID(), new BigDecimal("60.00"), null, AT, "ayse");
        assertThat(pending.status()).isEqualTo(Refund.Status.PENDING);
        assertThat(pending.decidedAt()).isNull();
        assertThat(payment.refundable()).as("a pending refund may yet succeed").isEqualTo("40.00");
        assertThatThrownBy(() -> payment.refund(UUID.randomUUID(), new BigDecimal("40.01"), null, AT, "ayse"))
                .isInstanceOf(Payment.RefundRefused.class);
    }

    @Test
    void aRefusedRefundGivesItsAmountBackToWhatIsLeftAndAnAnswerDecidesARefundOnce() {
        Payment payment = byCard("100.00");
        Refund refused = payment.refund(UUID.randomUUID(), new BigDecimal("60.00"), null, AT, "ayse");
        Instant later = AT.plusSeconds(2);
        assertThat(refused.answered(Refund.Status.FAILED, null, "Yetersiz bakiye (009)", later)).isTrue();
        assertThat(refused.failure()).isEqualTo("Yetersiz bakiye (009)");
        assertThat(refused.decidedAt()).isEqualTo(later);
        assertThat(payment.refundable()).isEqualTo("100.00");

        Refund given = payment.refund(UUID.randomUUID(), new BigDecimal("100.00"), null, AT, "ayse");
        assertThat(given.answered(Refund.Status.PENDING, "re_1", null, later)).as("accepted, not finished").isFalse();
        assertThat(given.status()).isEqualTo(Refund.Status.PENDING);
        assertThat(given.answered(Refund.Status.SUCCEEDED, null, null, later)).isTrue();
        assertThat(given.providerReference()).as("kept from the earlier answer").isEqualTo("re_1");
        assertThat(given.answered(Refund.Status.FAILED, "re_1", "late", later.plusSeconds(60))).as("decided already").isFalse();
        assertThat(given.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(given.decidedAt()).isEqualTo(later);
        assertThat(payment.refundable()).isEqualTo("0.00");
    }

    @Test
    void forintsAreWholeAndAPaymentIsPositive() {
        assertThat(payment("25000", "HUF").amount()).isEqualTo("25000");
        assertThatThrownBy(() -> payment("25000.50", "HUF")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payment("0", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Seeded random refunds: whatever is asked, the refunds never add up to more than the payment. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2027})
    void noSequenceOfRefundsGivesBackMoreThanWasPaid(long seed) {
        Random random = new Random(seed);
        Payment payment = payment("500.00", "EUR");
        BigDecimal given = BigDecimal.ZERO;
        for (int i = 0; i < 50; i++) {
            BigDecimal asked = BigDecimal.valueOf(random.nextInt(20_000), 2);
            try {
                given = given.add(payment.refund(UUID.randomUUID(), asked, null, AT, "ayse").amount());
            } catch (Payment.RefundRefused refused) {
                assertThat(asked.signum() <= 0 || asked.compareTo(payment.refundable()) > 0).isTrue();
            }
        }
        assertThat(given.add(payment.refundable())).isEqualByComparingTo("500.00");
    }
}
