package dev.billing.invoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InvoiceSearchTest {
    private static final Instant NOW = Instant.parse("2027-05-10T10:00:00Z");

    @Test
    void savedFilterAndCriteriaBecomeOneParameterisedStatement() {
        InvoiceSearch search = new InvoiceSearch(InvoiceSearch.SavedFilter.OVERDUE_UNPAID, null, null, "inv-2027", "100%_ltd",
                LocalDate.of(2027, 1, 1), null, null, null, new BigDecimal("10"), null, "-dueDate", 2, 25, NOW);
        InvoiceSearch.Sql sql = search.toSql("select * from invoice");
        assertThat(sql.text()).contains("status in ('ISSUED', 'PARTIALLY_PAID') and overdue_at is not null")
                .contains("number like ?").contains("bill_to_name ilike ?").contains("issue_date >= ?")
                .contains("total >= ?").endsWith("order by due_date desc nulls last, id limit ? offset ?")
                .doesNotContain("INV-2027");
        assertThat(sql.params()).containsExactly("INV-2027%", "%100\\%\\_ltd%", LocalDate.of(2027, 1, 1),
                new BigDecimal("10"), 25, 50L);
    }

    @Test
    void paidInTheLastSevenDaysCountsBackFromNow() {
        InvoiceSearch.Sql sql = new InvoiceSearch(InvoiceSearch.SavedFilter.PAID_LAST_7_DAYS, null, null, null, null, null,
                null, null, null, null, null, null, 0, 10, NOW).countSql();
        assertThat(sql.text()).contains("status = 'PAID' and paid_at >= ?");
        assertThat(sql.params().get(0).toString()).startsWith("2027-05-03");
    }

    @Test
    void unknownSortKeysNeverReachSql() {
        assertThatThrownBy(() -> new InvoiceSearch(null, null, null, null, null, null, null, null, null, null, null,
                "total; drop table invoice", 0, 10, NOW).toSql("select 1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(InvoiceSearch.SavedFilter.parse("paid-last-7-days")).isEqualTo(InvoiceSearch.SavedFilter.PAID_LAST_7_DAYS);
    }
}
