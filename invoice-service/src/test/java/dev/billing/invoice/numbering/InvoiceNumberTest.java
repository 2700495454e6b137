package dev.billing.invoice.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvoiceNumberTest {
    @Test
    void seriesYearAndSixDigitSequence() {
        assertThat(InvoiceNumber.format("INV", 2027, 1)).isEqualTo("INV-2027-000001");
        assertThat(InvoiceNumber.format("STR", 2028, 123456)).isEqualTo("STR-2028-123456");
        assertThat(InvoiceNumber.format("INV", 2027, 1234567)).isEqualTo("INV-2027-1234567");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> InvoiceNumber.format("inv", 2027, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.format("INV", 2027, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
