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
}
