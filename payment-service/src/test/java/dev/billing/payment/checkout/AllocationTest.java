package dev.billing.payment.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllocationTest {
    private static final UUID OLD = UUID.randomUUID();
    private static final UUID NEW = UUID.randomUUID();
    private static final UUID NEWER = UUID.randomUUID();

    private static List<Allocation.Open> invoices() {
        return List.of(new Allocation.Open(NEWER, "INV-3", LocalDate.of(2027, 4, 15), new BigDecimal("50.00")),
                new Allocation.Open(OLD, "INV-1", LocalDate.of(2027, 2, 15), new BigDecimal("100.00")),
                new Allocation.Open(NEW, "INV-2", LocalDate.of(2027, 3, 15), new BigDecimal("200.00")));
    }

    @Test
    void theOldestDueIsPaidFirstAndALaterOneInPart() {
        assertThat(Allocation.oldestDueFirst(invoices(), new BigDecimal("150.00")))
                .containsExactly(new Allocation.Share(OLD, new BigDecimal("100.00")), new Allocation.Share(NEW, new BigDecimal("50.00")));
    }

    @Test
    void theWholeOpenAmountPaysEachInvoiceInFullInDueOrder() {
        assertThat(Allocation.oldestDueFirst(invoices(), new BigDecimal("350.00"))).extracting(Allocation.Share::invoiceId)
                .containsExactly(OLD, NEW, NEWER);
    }

    @Test
    void moreThanIsOpenIsRefused() {
        assertThatThrownBy(() -> Allocation.oldestDueFirst(invoices(), new BigDecimal("350.01"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Seeded random invoices and amounts: the shares add up to the amount, none exceeds its invoice, due order kept. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2027, 99})
    void sharesAddUpAndNeverExceedAnInvoice(long seed) {
        Random random = new Random(seed);
        List<Allocation.Open> open = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(100_000), 2);
            open.add(new Allocation.Open(UUID.randomUUID(), "INV-" + i, LocalDate.of(2027, 1, 1).plusDays(random.nextInt(90)), amount));
            total = total.add(amount);
        }
        BigDecimal paid = BigDecimal.valueOf(1 + (long) (random.nextDouble() * total.movePointRight(2).longValue()), 2).min(total);
        List<Allocation.Share> shares = Allocation.oldestDueFirst(open, paid);
        assertThat(shares.stream().map(Allocation.Share::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(paid);
        for (Allocation.Share share : shares) {
            Allocation.Open invoice = open.stream().filter(o -> o.invoiceId().equals(share.invoiceId())).findFirst().orElseThrow();
            assertThat(share.amount()).isPositive().isLessThanOrEqualTo(invoice.openAmount());
        }
        List<LocalDate> dues = shares.stream().map(s -> open.stream().filter(o -> o.invoiceId().equals(s.invoiceId())).findFirst()
                .orElseThrow().dueDate()).toList();
        assertThat(dues).isSorted();
    }
}
