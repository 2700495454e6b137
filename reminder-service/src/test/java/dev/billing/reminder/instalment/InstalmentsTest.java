package dev.billing.reminder.instalment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstalmentsTest {

    @Test
    void equalAmountsAndTheLastAbsorbsTheRounding() {
        List<Instalments.Instalment> plan = Instalments.split(new BigDecimal("100.00"), "EUR", 3, Instalments.Frequency.WEEKLY,
                LocalDate.of(2027, 3, 1));
        assertThat(plan).extracting(Instalments.Instalment::amount).containsExactly(new BigDecimal("33.33"), new BigDecimal("33.33"),
                new BigDecimal("33.34"));
        assertThat(plan).extracting(Instalments.Instalment::dueOn).containsExactly(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 8),
                LocalDate.of(2027, 3, 15));
    }

    @Test
    void forintsAreSplitInWholeForints() {
        assertThat(Instalments.split(new BigDecimal("10000.0000"), "HUF", 3, Instalments.Frequency.BIWEEKLY, LocalDate.of(2027, 3, 1)))
                .extracting(Instalments.Instalment::amount).containsExactly(new BigDecimal("3333"), new BigDecimal("3333"), new BigDecimal("3334"));
    }

    @Test
    void monthlyDatesCountFromTheFirstSoAShortMonthDoesNotMoveTheRest() {
        assertThat(Instalments.split(new BigDecimal("300.00"), "TRY", 4, Instalments.Frequency.MONTHLY, LocalDate.of(2027, 1, 31)))
                .extracting(Instalments.Instalment::dueOn).containsExactly(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28),
                        LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
        assertThat(Instalments.split(new BigDecimal("200.00"), "TRY", 2, Instalments.Frequency.MONTHLY, LocalDate.of(2028, 1, 31)))
                .extracting(Instalments.Instalment::dueOn).as("leap year").containsExactly(LocalDate.of(2028, 1, 31), LocalDate.of(2028, 2, 29));
    }

    /** Seeded: any amount in any count adds up exactly, with no instalment above the one before it but the last. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2027})
    void theInstalmentsAlwaysAddUpToTheOpenAmount(long seed) {
        Random random = new Random(seed);
        for (int run = 0; run < 200; run++) {
            BigDecimal total = BigDecimal.valueOf(100 + random.nextInt(10_000_000), 2);
            int count = 2 + random.nextInt(Instalments.MAX_COUNT - 1);
            List<Instalments.Instalment> plan = Instalments.split(total, "EUR", count, Instalments.Frequency.MONTHLY, LocalDate.of(2027, 5, 1));
            assertThat(plan).hasSize(count);
            assertThat(plan.stream().map(Instalments.Instalment::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(total);
            BigDecimal first = plan.get(0).amount();
            assertThat(plan.subList(0, count - 1)).allSatisfy(i -> assertThat(i.amount()).isEqualByComparingTo(first));
            assertThat(plan.get(count - 1).amount().subtract(first)).isBetween(BigDecimal.ZERO, new BigDecimal("0.35"));
        }
    }

    @Test
    void tooLittleOrTooManyIsRefused() {
        assertThatThrownBy(() -> Instalments.split(new BigDecimal("0.01"), "EUR", 2, Instalments.Frequency.WEEKLY, LocalDate.of(2027, 1, 1)))
                .hasMessageContaining("too little");
        assertThatThrownBy(() -> Instalments.split(new BigDecimal("10.00"), "EUR", 1, Instalments.Frequency.WEEKLY, LocalDate.of(2027, 1, 1)))
                .hasMessageContaining("2 to 36");
    }

    @Test
    void paymentsCoverTheInstalmentsInOrder() {
        List<BigDecimal> amounts = List.of(new BigDecimal("33.33"), new BigDecimal("33.33"), new BigDecimal("33.34"));
        assertThat(Instalments.covered(amounts, BigDecimal.ZERO)).isZero();
        assertThat(Instalments.covered(amounts, new BigDecimal("33.32"))).isZero();
        assertThat(Instalments.covered(amounts, new BigDecimal("33.33"))).isEqualTo(1);
        assertThat(Instalments.covered(amounts, new BigDecimal("70.00"))).as("more than one, less than two").isEqualTo(2);
        assertThat(Instalments.covered(amounts, new BigDecimal("100.00"))).isEqualTo(3);
    }
}
