package dev.billing.reminder.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.reminder.profile.PayerProfile.Kind;
import dev.billing.reminder.profile.PayerProfile.Paid;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayerProfileTest {

    private static Paid paid(String amount, long daysLate, int reminders) {
        return new Paid(new BigDecimal(amount), daysLate, reminders);
    }

    @Test
    void aCustomerWithNoHistoryOrWhoPaysEarlyIsOnTime() {
        assertThat(PayerProfile.of(List.of(), 0, 0).kind()).isEqualTo(Kind.ON_TIME);
        assertThat(PayerProfile.of(List.of(paid("100", -5, 0), paid("100", 0, 0)), 0, 0).kind()).isEqualTo(Kind.ON_TIME);
    }

    @Test
    void daysLateAreWeightedByAmountSoASmallLateInvoiceWeighsLittle() {
        PayerProfile profile = PayerProfile.of(List.of(paid("9900", 0, 0), paid("100", 100, 1)), 0, 0);

        assertThat(profile.weightedDaysLate()).isEqualByComparingTo("1.0");
        assertThat(profile.kind()).isEqualTo(Kind.ON_TIME);
        assertThat(PayerProfile.of(List.of(paid("5000", 0, 0), paid("5000", 10, 1)), 0, 0).kind()).isEqualTo(Kind.FORGETFUL);
    }

    @Test
    void manyRemindersOrLongDelaysAreChronicLate() {
        assertThat(PayerProfile.of(List.of(paid("100", 20, 1)), 0, 0).kind()).isEqualTo(Kind.CHRONIC_LATE);
        assertThat(PayerProfile.of(List.of(paid("100", 3, 2), paid("100", 0, 0)), 0, 0).kind()).isEqualTo(Kind.CHRONIC_LATE);
        assertThat(PayerProfile.of(List.of(paid("100", 0, 1)), 0, 0).kind()).as("one reminder on average").isEqualTo(Kind.FORGETFUL);
    }

    @Test
    void brokenPromisesOrPayingInPiecesLateMeanDifficulty() {
        assertThat(PayerProfile.of(List.of(paid("100", 0, 0)), 2, 0).kind()).isEqualTo(Kind.IN_DIFFICULTY);
        assertThat(PayerProfile.of(List.of(paid("100", 30, 3)), 0, 3).kind()).isEqualTo(Kind.IN_DIFFICULTY);
        assertThat(PayerProfile.of(List.of(paid("100", 30, 3)), 1, 2).kind()).isEqualTo(Kind.CHRONIC_LATE);
    }
}
