package dev.billing.billing.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DisputedLateFeeTest {
    private static final BigDecimal OPEN = new BigDecimal("500.00");

    @Test
    void aRejectedDisputeChargesTheFeeOfAnInvoiceThatBecameOverdueMeanwhileAndIsStillOpen() {
        assertThat(DisputedLateFee.chargedAtEnd(false, "REJECTED", true, OPEN)).isTrue();
    }

    @Test
    void aWithdrawnDisputeChargesItLikeARejection() {
        assertThat(DisputedLateFee.chargedAtEnd(true, null, true, OPEN)).isTrue();
    }

    @Test
    void aCreditNoteOrReissueOutcomeDropsIt() {
        assertThat(DisputedLateFee.chargedAtEnd(false, "CREDIT_NOTE", true, OPEN)).isFalse();
        assertThat(DisputedLateFee.chargedAtEnd(false, "REISSUE", true, OPEN)).isFalse();
        assertThat(DisputedLateFee.chargedAtEnd(false, "SOMETHING_NEW", true, OPEN)).isFalse();
    }

    @Test
    void nothingIsChargedForAnInvoiceThatDidNotBecomeOverdueOrHasNothingOpenAnyMore() {
        assertThat(DisputedLateFee.chargedAtEnd(false, "REJECTED", false, OPEN)).isFalse();
        assertThat(DisputedLateFee.chargedAtEnd(true, null, true, BigDecimal.ZERO)).isFalse();
        assertThat(DisputedLateFee.chargedAtEnd(false, "REJECTED", true, null)).isFalse();
    }
}
