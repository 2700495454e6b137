package dev.billing.invoice.issuing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IssueDatesTest {
    private static final LocalDate CUT = LocalDate.of(2027, 3, 1);

    private static InvoiceRequested request(LocalDate dueDate, LocalDate fulfilmentDate) {
        return new InvoiceRequested("sub:2027-03-01", UUID.randomUUID(), UUID.randomUUID(),
                new BillTo("Ada", "ada@example.com", null, "en", "UTC"), CUT, CUT, CUT.plusMonths(1).minusDays(1), "EUR", 14,
                List.of(new RequestedLine("x", BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ZERO)), dueDate, fulfilmentDate);
    }

    @Test
    void onTimeTheInvoiceIsIssuedOnItsCutDateWithTheTermsDueDate() {
        IssueDates dates = IssueDates.of(request(LocalDate.of(2027, 3, 31), null), CUT);

        assertThat(dates).isEqualTo(new IssueDates(CUT, CUT, LocalDate.of(2027, 3, 31)));
    }

    @Test
    void aRequestConsumedLateIsIssuedTodayItsDueDateMovesWithItAndItsFulfilmentStays() {
        IssueDates dates = IssueDates.of(request(LocalDate.of(2027, 3, 31), LocalDate.of(2027, 2, 28)), LocalDate.of(2027, 3, 4));

        assertThat(dates.issueDate()).isEqualTo(LocalDate.of(2027, 3, 4));
        assertThat(dates.dueDate()).isEqualTo(LocalDate.of(2027, 4, 3));
        assertThat(dates.fulfilmentDate()).isEqualTo(LocalDate.of(2027, 2, 28));
    }

    @Test
    void withoutADueDateTheTermDaysCountFromTheIssueDateAndWithoutAFulfilmentDateTheCutDateIsIt() {
        IssueDates dates = IssueDates.of(request(null, null), LocalDate.of(2027, 3, 2));

        assertThat(dates).isEqualTo(new IssueDates(LocalDate.of(2027, 3, 2), CUT, LocalDate.of(2027, 3, 16)));
    }

    @Test
    void aBatchIsNumberedInIssueDateOrderWithOneBlockPerYearTheEarlierYearFirst() {
        List<String> asked = new java.util.ArrayList<>();
        java.util.Map<Integer, Integer> last = new java.util.HashMap<>();
        IssueDates.NumberBlocks blocks = (year, count) -> {
            asked.add(year + "x" + count);
            int from = last.getOrDefault(year, 0);
            last.put(year, from + count);
            return java.util.stream.IntStream.rangeClosed(from + 1, from + count).mapToObj(n -> year + "-" + n).toList();
        };
        LocalDate newYear = LocalDate.of(2028, 1, 1);
        List<IssueDates> dates = java.util.stream.Stream.of(newYear.plusDays(1), newYear, LocalDate.of(2027, 12, 31), newYear)
                .map(d -> new IssueDates(d, d, d.plusDays(14))).toList();

        // the same day keeps its order in the batch; a later day gets a later number; 2027 before 2028
        assertThat(IssueDates.numbered(dates, blocks)).containsExactly("2028-3", "2028-1", "2027-1", "2028-2");
        assertThat(asked).containsExactly("2027x1", "2028x3");
    }
}
