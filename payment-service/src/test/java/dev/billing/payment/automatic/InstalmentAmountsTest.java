package dev.billing.payment.automatic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstalmentAmountsTest {
    private static final List<BigDecimal> THREE = List.of(new BigDecimal("400.00"), new BigDecimal("400.00"), new BigDecimal("400.00"));
    private static final BigDecimal TOTAL = new BigDecimal("1200.00");

    @Test
    void eachInstalmentIsChargedItsAmountWhenTheEarlierOnesWerePaid() {
        assertThat(InstalmentAmounts.due(THREE, 1, TOTAL, TOTAL, BigDecimal.ZERO)).isEqualByComparingTo("400.00");
        assertThat(InstalmentAmounts.due(THREE, 2, TOTAL, new BigDecimal("800.00"), BigDecimal.ZERO)).isEqualByComparingTo("400.00");
        assertThat(InstalmentAmounts.due(THREE, 3, TOTAL, new BigDecimal("400.00"), BigDecimal.ZERO)).isEqualByComparingTo("400.00");
    }

    @Test
    void anUnpaidEarlierInstalmentIsChargedWithTheNextOne() {
        assertThat(InstalmentAmounts.due(THREE, 2, TOTAL, TOTAL, BigDecimal.ZERO)).isEqualByComparingTo("800.00");
    }

    @Test
    void aPaymentMadeMeanwhileIsTakenOffAndCanCoverTheInstalmentWhole() {
        assertThat(InstalmentAmounts.due(THREE, 2, TOTAL, new BigDecimal("750.00"), BigDecimal.ZERO)).isEqualByComparingTo("350.00");
        assertThat(InstalmentAmounts.due(THREE, 2, TOTAL, new BigDecimal("300.00"), BigDecimal.ZERO)).isEqualByComparingTo("0.00");
    }

    @Test
    void neverMoreThanIsOpen() {
        // a credit note took 500 off after the plan was made: the last instalment asks for what is left
        assertThat(InstalmentAmounts.due(THREE, 3, TOTAL, new BigDecimal("100.00"), BigDecimal.ZERO)).isEqualByComparingTo("100.00");
    }

    @Test
    void anInstalmentChargedBeforeTheInvoiceShowsItIsNotChargedAgain() {
        // the first 400 was charged yesterday; invoice-service has not applied it yet, so the invoice still shows 1200 open
        assertThat(InstalmentAmounts.due(THREE, 2, TOTAL, TOTAL, new BigDecimal("400.00"))).isEqualByComparingTo("400.00");
        assertThat(InstalmentAmounts.due(THREE, 1, TOTAL, TOTAL, new BigDecimal("400.00"))).isEqualByComparingTo("0.00");
        assertThat(InstalmentAmounts.due(THREE, 3, TOTAL, TOTAL, new BigDecimal("1200.00"))).isEqualByComparingTo("0.00");
    }

    /** Whatever was paid meanwhile, the instalments charged one after the other never add up to more than was open. */
    @Test
    void chargingEveryInstalmentInTurnPaysExactlyWhatWasOpen() {
        Random random = new Random(4_000_2027L);
        for (int run = 0; run < 300; run++) {
            int count = 2 + random.nextInt(10);
            List<BigDecimal> amounts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                amounts.add(BigDecimal.valueOf(1 + random.nextInt(50_000), 2));
            }
            BigDecimal total = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal open = total;
            for (int position = 1; position <= count; position++) {
                if (random.nextInt(4) == 0) {
                    // a transfer arrived in between
                    open = open.subtract(open.multiply(BigDecimal.valueOf(random.nextInt(60), 2)).setScale(2, java.math.RoundingMode.DOWN));
                }
                BigDecimal due = InstalmentAmounts.due(amounts, position, total, open, BigDecimal.ZERO);
                assertThat(due).isBetween(BigDecimal.ZERO, open);
                open = open.subtract(due);
            }
            assertThat(open).as("all paid after the last instalment").isEqualByComparingTo("0");
        }
    }

    @Test
    void thereIsNoInstalmentZero() {
        assertThatThrownBy(() -> InstalmentAmounts.due(THREE, 0, TOTAL, TOTAL, BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
