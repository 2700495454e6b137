package dev.billing.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoiceComposerTest {
    private static PendingCharges.Charge charge(String price) {
        return new PendingCharges.Charge(UUID.randomUUID(), UUID.randomUUID(), null, "c" + price, BigDecimal.ONE,
                new BigDecimal(price), new BigDecimal("20"), "TRY", "X", null);
    }

    private static final RequestedLine PERIOD = new RequestedLine("period", BigDecimal.ONE, new BigDecimal("1000"), new BigDecimal("20"));

    @Test
    void chargesAndCreditsThatFitAllGoOnTheInvoice() {
        PendingCharges.Charge fee = charge("250");
        PendingCharges.Charge credit = charge("-400");
        InvoiceComposer.Composition c = InvoiceComposer.compose(List.of(PERIOD), List.of(credit, fee));
        assertThat(c.lines()).extracting(RequestedLine::description).containsExactly("period", "c250", "c-400");
        assertThat(c.usedChargeIds()).containsExactlyInAnyOrder(fee.id(), credit.id());
        assertThat(c.partlyUsedCreditId()).isNull();
    }

    @Test
    void aCreditLargerThanTheInvoiceIsSplitAndTheRestWaits() {
        PendingCharges.Charge credit = charge("-1500");
        InvoiceComposer.Composition c = InvoiceComposer.compose(List.of(PERIOD), List.of(credit));
        assertThat(c.lines().get(1).unitPrice()).isEqualByComparingTo("-1000");
        assertThat(c.usedChargeIds()).isEmpty();
        assertThat(c.partlyUsedCreditId()).isEqualTo(credit.id());
        assertThat(c.creditLeft()).isEqualByComparingTo("-500");
    }

    @Test
    void creditsAloneMakeNoInvoice() {
        assertThat(InvoiceComposer.compose(List.of(), List.of(charge("-10"))).lines()).isEmpty();
    }
}
