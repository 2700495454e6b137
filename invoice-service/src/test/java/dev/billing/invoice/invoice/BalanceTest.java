package dev.billing.invoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BalanceTest {
    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void partialThenFullPaymentWithOverpaymentLeftAsCredit() {
        Balance.Applied first = Balance.payment(InvoiceStatus.ISSUED, d("100.00"), d("40.00"));
        assertThat(first.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(first.openAmount()).isEqualByComparingTo("60.00");
        Balance.Applied second = Balance.payment(first.status(), first.openAmount(), d("75.00"));
        assertThat(second.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(second.applied()).isEqualByComparingTo("60.00");
        assertThat(second.overpaid()).isEqualByComparingTo("15.00");
        assertThat(second.openAmount()).isEqualByComparingTo("0");
    }

    @Test
    void paymentOnAClosedInvoiceIsAllCredit() {
        Balance.Applied applied = Balance.payment(InvoiceStatus.CANCELLED, d("0"), d("10"));
        assertThat(applied.applied()).isEqualByComparingTo("0");
        assertThat(applied.overpaid()).isEqualByComparingTo("10");
        assertThat(applied.status()).isEqualTo(InvoiceStatus.CANCELLED);
    }

    @Test
    void aPartRefundReopensWhatWasPaid() {
        Balance.Refunded partly = Balance.refund(InvoiceStatus.PAID, d("0"), d("100"), d("0"), d("0"), d("30"));
        assertThat(partly.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(partly.openAmount()).isEqualByComparingTo("30");
        assertThat(partly.creditChange()).isEqualByComparingTo("0");
    }

    @Test
    void refundingAnOverpaidPaymentTakesBackItsCreditAndLeavesNothingBehind() {
        // invoice of 70 paid with 500: 70 applied, 430 credit; the whole 500 goes back
        Balance.Refunded all = Balance.refund(InvoiceStatus.PAID, d("0"), d("70"), d("430"), d("430"), d("500"));
        assertThat(all.reopened()).isEqualByComparingTo("70");
        assertThat(all.creditChange()).isEqualByComparingTo("-430");
        assertThat(all.openAmount()).isEqualByComparingTo("70");
        assertThat(all.status()).isEqualTo(InvoiceStatus.ISSUED);
        // reopened - credit change = the refund: no money vanished
        assertThat(all.reopened().subtract(all.creditChange())).isEqualByComparingTo("500");
    }

    @Test
    void aRefundOfTheExcessOnlyTakesBackCreditAndTheInvoiceStaysPaid() {
        Balance.Refunded excess = Balance.refund(InvoiceStatus.PAID, d("0"), d("70"), d("430"), d("430"), d("100"));
        assertThat(excess.reopened()).isEqualByComparingTo("0");
        assertThat(excess.creditChange()).isEqualByComparingTo("-100");
        assertThat(excess.status()).isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void aRefundWhoseCreditWasAlreadyUsedLeavesTheCustomerOwingIt() {
        // the 430 credit paid another invoice meanwhile: the refund reopens 70 and the customer owes the 430
        Balance.Refunded all = Balance.refund(InvoiceStatus.PAID, d("0"), d("70"), d("430"), d("0"), d("500"));
        assertThat(all.reopened()).isEqualByComparingTo("70");
        assertThat(all.creditChange()).isEqualByComparingTo("-430");
    }

    @Test
    void aRefundOnACancelledInvoiceReducesTheCreditItsPaidAmountBecame() {
        Balance.Refunded cancelled = Balance.refund(InvoiceStatus.CANCELLED, d("0"), d("80"), d("0"), d("80"), d("50"));
        assertThat(cancelled.reopened()).isEqualByComparingTo("0");
        assertThat(cancelled.creditChange()).isEqualByComparingTo("-50");
        assertThat(cancelled.status()).isEqualTo(InvoiceStatus.CANCELLED);
        assertThat(cancelled.openAmount()).isEqualByComparingTo("0");
    }

    @Test
    void aRefundAfterACreditNoteSetsTheStatusFromWhatWasPaidNotFromTheTotal() {
        // total 100, credit note 30, then 70 paid: refunding the 70 leaves nothing paid, so it is ISSUED again
        Balance.Refunded refunded = Balance.refund(InvoiceStatus.PAID, d("0"), d("70"), d("0"), d("0"), d("70"));
        assertThat(refunded.openAmount()).isEqualByComparingTo("70");
        assertThat(refunded.status()).isEqualTo(InvoiceStatus.ISSUED);
    }
}
