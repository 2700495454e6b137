package dev.billing.invoice.invoice;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What is owed and what came in, per currency, as of a day (plain SQL: two aggregate statements over the
 * invoices and the payments applied to them). An invoice is open while ISSUED or PARTIALLY_PAID; it is aged by
 * the days since its due date: current (not yet due), 1-30, 31-60, 61-90 and over 90 days.
 */
@Repository
public class Receivables {
    public static final List<String> AGING_BUCKETS = List.of("current", "1-30", "31-60", "61-90", "90+");
    private final JdbcClient jdbc;

    Receivables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One currency's figures: open amount and count, overdue amount and count, the total of the invoices issued
     * in the month of {@code asOf} (storno left out), what payments brought in that month, and the open amount
     * by age.
     */
    public record Figures(String currency, String openAmount, long openCount, String overdueAmount, long overdueCount,
                          String invoicedThisMonth, String collectedThisMonth, Map<String, String> aging) {
    }

    /** The figures as of {@code asOf}, of one customer or (null) of all. */
    public List<Figures> asOf(LocalDate asOf, UUID customerId) {
        LocalDate monthStart = asOf.withDayOfMonth(1);
        LocalDate nextMonth = monthStart.plusMonths(1);
        Map<String, Figures> byCurrency = new TreeMap<>();
        jdbc.sql("""
                        select currency,
                               coalesce(sum(open_amount) filter (where open), 0) as open_amount,
                               count(*) filter (where open) as open_count,
                               coalesce(sum(open_amount) filter (where open and overdue_at is not null), 0) as overdue_amount,
                               count(*) filter (where open and overdue_at is not null) as overdue_count,
                               coalesce(sum(total) filter (where status <> 'CANCELLED' and issue_date >= :monthStart
                                                                 and issue_date < :nextMonth), 0) as invoiced,
                               coalesce(sum(open_amount) filter (where open and due_date >= :asOf), 0) as age_current,
                               coalesce(sum(open_amount) filter (where open and :asOf - due_date between 1 and 30), 0) as age_30,
                               coalesce(sum(open_amount) filter (where open and :asOf - due_date between 31 and 60), 0) as age_60,
                               coalesce(sum(open_amount) filter (where open and :asOf - due_date between 61 and 90), 0) as age_90,
                               coalesce(sum(open_amount) filter (where open and :asOf - due_date > 90), 0) as age_older
                        from (select *, status in ('ISSUED', 'PARTIALLY_PAID') as open from invoice
                              where number is not null and (cast(:customer as uuid) is null or customer_id = :customer)) i
                        group by currency""")
                .param("monthStart", monthStart).param("nextMonth", nextMonth).param("asOf", asOf).param("customer", customerId)
                .query((rs, n) -> {
                    String currency = rs.getString("currency").trim();
                    Map<String, String> aging = new LinkedHashMap<>();
                    String[] columns = {"age_current", "age_30", "age_60", "age_90", "age_older"};
                    for (int i = 0; i < columns.length; i++) {
                        aging.put(AGING_BUCKETS.get(i), amount(rs.getBigDecimal(columns[i]), currency));
                    }
                    return new Figures(currency, amount(rs.getBigDecimal("open_amount"), currency), rs.getLong("open_count"),
                            amount(rs.getBigDecimal("overdue_amount"), currency), rs.getLong("overdue_count"),
                            amount(rs.getBigDecimal("invoiced"), currency), amount(BigDecimal.ZERO, currency), aging);
                }).list().forEach(figures -> byCurrency.put(figures.currency(), figures));
        jdbc.sql("""
                        select currency, sum(amount) as collected from payment_application
                        where kind = 'PAYMENT' and applied_at >= :from and applied_at < :to
                          and (cast(:customer as uuid) is null or customer_id = :customer)
                        group by currency""")
                .param("from", Timestamp.from(monthStart.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param("to", Timestamp.from(nextMonth.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param("customer", customerId)
                .query((rs, n) -> Map.entry(rs.getString("currency").trim(), rs.getBigDecimal("collected")))
                .list().forEach(collected -> byCurrency.compute(collected.getKey(), (currency, figures) -> {
                    String amount = amount(collected.getValue(), currency);
                    if (figures == null) {
                        Map<String, String> aging = new LinkedHashMap<>();
                        AGING_BUCKETS.forEach(bucket -> aging.put(bucket, amount(BigDecimal.ZERO, currency)));
                        String zero = amount(BigDecimal.ZERO, currency);
                        return new Figures(currency, zero, 0, zero, 0, zero, amount, aging);
                    }
                    return new Figures(currency, figures.openAmount(), figures.openCount(), figures.overdueAmount(),
                            figures.overdueCount(), figures.invoicedThisMonth(), amount, figures.aging());
                }));
        return List.copyOf(byCurrency.values());
    }

    private static String amount(BigDecimal value, String currency) {
        return Money.exact(value, currency).toPlainString();
    }
}
