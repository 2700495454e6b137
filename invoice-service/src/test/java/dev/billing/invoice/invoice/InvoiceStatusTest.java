package dev.billing.invoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvoiceStatusTest {
    @Test
    void lifecycle() {
        assertThat(InvoiceStatus.TO_BE_ISSUED.canMoveTo(InvoiceStatus.ISSUED)).isTrue();
        assertThat(InvoiceStatus.TO_BE_ISSUED.canMoveTo(InvoiceStatus.PAID)).isFalse();
        assertThat(InvoiceStatus.ISSUED.canMoveTo(InvoiceStatus.PARTIALLY_PAID)).isTrue();
        assertThat(InvoiceStatus.ISSUED.canMoveTo(InvoiceStatus.CANCELLED)).isTrue();
        assertThat(InvoiceStatus.PARTIALLY_PAID.canMoveTo(InvoiceStatus.PAID)).isTrue();
        assertThat(InvoiceStatus.PAID.canMoveTo(InvoiceStatus.CANCELLED)).isFalse();
        assertThat(InvoiceStatus.CANCELLED.next()).isEmpty();
        assertThat(InvoiceStatus.ISSUED.isOpen()).isTrue();
        assertThat(InvoiceStatus.PAID.isOpen()).isFalse();
    }
}
