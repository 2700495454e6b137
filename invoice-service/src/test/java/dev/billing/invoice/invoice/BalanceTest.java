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
    void refundReopensAtMostWhatWasPaid() {
        Balance.Applied partly = Balance.refund(InvoiceStatus.PAID, d("0"), d("100"), d("100"), d("30"));
        assertThat(partly.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(partly.openAmount()).isEqualByComparingTo("30");
        Balance.Applied all = Balance.refund(InvoiceStatus.PARTIALLY_PAID, d("30"), d("100"), d("70"), d("500"));
        assertThat(all.status()).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(all.openAmount()).isEqualByComparingTo("100");
    }
}
