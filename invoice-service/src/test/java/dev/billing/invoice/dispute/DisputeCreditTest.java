package dev.billing.invoice.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DisputeCreditTest {

    @Test
    void theApprovedAmountIsCreditedWhenThatMuchIsOpen() {
        assertThat(DisputeCredit.creditable(new BigDecimal("175.00"), new BigDecimal("12175.00"))).isEqualByComparingTo("175");
        assertThat(DisputeCredit.capped(new BigDecimal("175.00"), new BigDecimal("175.00"))).isFalse();
    }

    @Test
    void aPaymentMeanwhileLeavesOnlyWhatIsOpenToCredit() {
        BigDecimal credit = DisputeCredit.creditable(new BigDecimal("500"), new BigDecimal("175.00"));
        assertThat(credit).isEqualByComparingTo("175");
        assertThat(DisputeCredit.capped(new BigDecimal("500"), credit)).isTrue();
    }

    @Test
    void nothingOpenNothingToCredit() {
        assertThat(DisputeCredit.creditable(new BigDecimal("500"), BigDecimal.ZERO).signum()).isZero();
        assertThat(DisputeCredit.creditable(BigDecimal.ZERO, new BigDecimal("10")).signum()).isZero();
    }
}
