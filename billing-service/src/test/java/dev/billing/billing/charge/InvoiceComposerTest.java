package dev.billing.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoiceComposerTest {
    private static PendingCharges.Charge charge(String price) {
        return charge(price, "20");
    }

    private static PendingCharges.Charge charge(String price, String taxRate) {
        return new PendingCharges.Charge(UUID.randomUUID(), UUID.randomUUID(), null, "c" + price + "@" + taxRate,
                BigDecimal.ONE, new BigDecimal(price), new BigDecimal(taxRate), "TRY", "X", null);
    }

    private static RequestedLine period(String price, String taxRate) {
        return new RequestedLine("period", BigDecimal.ONE, new BigDecimal(price), new BigDecimal(taxRate));
    }

    private static final RequestedLine PERIOD = period("1000", "20");

    /** The invoice's gross as invoice-service computes it: lines rounded, tax per rate rounded. */
    private static BigDecimal gross(List<RequestedLine> lines) {
        Map<BigDecimal, BigDecimal> netByRate = new TreeMap<>();
        lines.forEach(l -> netByRate.merge(l.taxRate().stripTrailingZeros(),
                l.quantity().multiply(l.unitPrice()).setScale(2, RoundingMode.HALF_UP), BigDecimal::add));
        return netByRate.entrySet().stream().map(e -> e.getValue().add(e.getValue().multiply(e.getKey()).movePointLeft(2)
                .setScale(2, RoundingMode.HALF_UP))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void chargesAndCreditsThatFitAllGoOnTheInvoice() {
        PendingCharges.Charge fee = charge("250");
        PendingCharges.Charge credit = charge("-400");
        InvoiceComposer.Composition c = InvoiceComposer.compose("TRY", List.of(PERIOD), List.of(credit, fee));
        assertThat(c.lines()).extracting(RequestedLine::description).containsExactly("period", "c250@20", "c-400@20");
        assertThat(c.usedChargeIds()).containsExactlyInAnyOrder(fee.id(), credit.id());
        assertThat(c.partlyUsed()).isEmpty();
    }

    @Test
    void aCreditLargerThanTheInvoiceIsSplitAndTheRestWaits() {
        PendingCharges.Charge credit = charge("-1500");
        InvoiceComposer.Composition c = InvoiceComposer.compose("TRY", List.of(PERIOD), List.of(credit));
        assertThat(c.lines().get(1).unitPrice()).isEqualByComparingTo("-1000");
        assertThat(c.usedChargeIds()).isEmpty();
        assertThat(c.partlyUsed()).singleElement().satisfies(p -> {
            assertThat(p.creditId()).isEqualTo(credit.id());
            assertThat(p.usedUnitPrice()).isEqualByComparingTo("-1000");
            assertThat(p.leftUnitPrice()).isEqualByComparingTo("-500");
        });
    }

    @Test
    void creditsAreFittedPerTaxRateSoTheGrossIsNeverNegative() {
        // a 20 % credit against a 10 % charge: net 0, but tax 100 - 200 would make the gross -100
        PendingCharges.Charge credit = charge("-1000", "20");
        InvoiceComposer.Composition alone = InvoiceComposer.compose("TRY", List.of(period("1000", "10")), List.of(credit));
        assertThat(alone.lines()).extracting(RequestedLine::description).containsExactly("period");
        assertThat(alone.usedChargeIds()).isEmpty();
        assertThat(alone.partlyUsed()).isEmpty();
        assertThat(gross(alone.lines())).isEqualByComparingTo("1100");

        // with 300 at 20 % on the invoice, 300 of the 20 % credit is used and 700 waits
        PendingCharges.Charge fee = charge("300", "20");
        InvoiceComposer.Composition mixed = InvoiceComposer.compose("TRY", List.of(period("1000", "10")), List.of(credit, fee));
        assertThat(mixed.lines()).extracting(RequestedLine::unitPrice).extracting(BigDecimal::stripTrailingZeros)
                .containsExactly(new BigDecimal("1E+3"), new BigDecimal("3E+2"), new BigDecimal("-3E+2"));
        assertThat(mixed.partlyUsed()).singleElement().satisfies(p -> assertThat(p.leftUnitPrice()).isEqualByComparingTo("-700"));
        assertThat(gross(mixed.lines())).isEqualByComparingTo("1100");
    }

    @Test
    void aCreditIsNeverFittedBeyondTheRoundedLinesOfItsRate() {
        // two lines of 0.0049 round to 0.00 each: a credit of 0.0098 (rounded -0.01) does not fit
        InvoiceComposer.Composition c = InvoiceComposer.compose("TRY", List.of(period("0.0049", "20"), period("0.0049", "20")),
                List.of(charge("-0.0098")));
        assertThat(gross(c.lines()).signum()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void creditsAloneMakeNoInvoice() {
        assertThat(InvoiceComposer.compose("TRY", List.of(), List.of(charge("-10"))).lines()).isEmpty();
    }
}
