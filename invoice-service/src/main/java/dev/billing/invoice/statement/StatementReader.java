package dev.billing.invoice.statement;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads a statement from where each entry is recorded, nothing kept twice: issued invoices
 * ({@code invoice.issue_date}), credit notes ({@code credit_note}), stornos ({@code invoice.cancelled_at};
 * it reverses what the credit notes had left of the total), and payments, refunds and credit payouts
 * ({@code payment_application} kinds PAYMENT, REFUND, CREDIT_REFUND, each by its full amount, whether it
 * went to an invoice or to credit). Its kind CREDIT (credit used on an invoice) is no entry. A payment
 * still waiting for its invoice ({@code waiting_payment}) is not applied yet and not on the statement,
 * as it is in neither the open amount nor the credit of the balance; it appears once applied, on the
 * day it was. The balance before the period is summed in SQL; only the period's entries are loaded.
 */
@Repository
public class StatementReader {
    // days from :from to :to, moments from :start to before :end; a null :from or :start is no lower bound
    private static final String MOVEMENTS = """
            select 'INVOICE' as kind, i.issue_date as day, i.issued_at as at, i.number as reference, i.id as invoice_id,
                i.number as invoice_number, cast(null as uuid) as payment_id, i.currency, i.total as amount
            from invoice i
            where i.customer_id = :customer and i.number is not null
                and i.issue_date >= coalesce(cast(:from as date), '-infinity') and i.issue_date <= :to
            union all
            select 'CREDIT_NOTE', n.issue_date, n.created_at, n.number, n.invoice_id, i.number, null, n.currency, n.amount
            from credit_note n join invoice i on i.id = n.invoice_id
            where n.customer_id = :customer
                and n.issue_date >= coalesce(cast(:from as date), '-infinity') and n.issue_date <= :to
            union all
            select 'STORNO', null, i.cancelled_at, i.storno_number, i.id, i.number, null, i.currency,
                greatest(i.total - i.credited_amount, 0)
            from invoice i
            where i.customer_id = :customer and i.storno_number is not null
                and i.cancelled_at >= coalesce(cast(:start as timestamptz), '-infinity') and i.cancelled_at < :end
            union all
            select case p.kind when 'CREDIT_REFUND' then 'CREDIT_PAYOUT' else p.kind end, null, p.applied_at, p.reference_id,
                p.invoice_id, i.number, p.payment_id, p.currency, p.amount
            from payment_application p left join invoice i on i.id = p.invoice_id
            where p.customer_id = :customer and p.kind in ('PAYMENT', 'REFUND', 'CREDIT_REFUND')
                and p.applied_at >= coalesce(cast(:start as timestamptz), '-infinity') and p.applied_at < :end
            """;
    private static final String IN_CURRENCY = "cast(:currency as text) is null or currency = cast(:currency as text)";

    private final JdbcClient jdbc;

    public StatementReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer as printed on the statement; the zone its days are counted in (UTC when the account is unknown here). */
    public record Customer(UUID id, String name, String language, ZoneId zone) {
    }

    /**
     * The customer, if this service knows it: from its account, or, for one whose account event has not
     * arrived, from its invoices or payments (no name, English, UTC).
     */
    public Optional<Customer> customer(UUID customerId) {
        Optional<Customer> account = jdbc.sql("select name, language, time_zone from customer_account where customer_id = :id")
                .param("id", customerId)
                .query((rs, n) -> new Customer(customerId, rs.getString("name"), rs.getString("language"),
                        ZoneId.of(rs.getString("time_zone"))))
                .optional();
        if (account.isPresent()) {
            return account;
        }
        boolean known = jdbc.sql("""
                        select exists (select 1 from invoice where customer_id = :id)
                            or exists (select 1 from payment_application where customer_id = :id)""")
                .param("id", customerId).query(Boolean.class).single();
        return known ? Optional.of(new Customer(customerId, null, null, ZoneOffset.UTC)) : Optional.empty();
    }

    /**
     * The statements of the period, one per currency the customer has entries in up to its end (or only
     * {@code currency}, when given, even without entries), sorted by currency.
     */
    public List<Statement> read(Customer customer, StatementPeriod period, Optional<String> currency) {
        Instant start = period.start(customer.zone());
        Instant end = period.end(customer.zone());
        Map<String, BigDecimal> opening = new TreeMap<>();
        currency.ifPresent(c -> opening.put(c, BigDecimal.ZERO));
        jdbc.sql("""
                        select currency, sum(case when kind in ('INVOICE', 'REFUND', 'CREDIT_PAYOUT') then amount else -amount end)
                        from (%s) before where %s
                        group by currency""".formatted(MOVEMENTS, IN_CURRENCY))
                .param("customer", customer.id()).param("currency", currency.orElse(null))
                // everything before the period
                .param("from", null).param("to", period.from().minusDays(1))
                .param("start", null).param("end", Timestamp.from(start))
                .query((rs, n) -> opening.put(rs.getString(1), rs.getBigDecimal(2)))
                .list();
        Map<String, List<Statement.Entry>> entries = new TreeMap<>();
        jdbc.sql("select * from (%s) movement where %s".formatted(MOVEMENTS, IN_CURRENCY))
                .param("customer", customer.id()).param("currency", currency.orElse(null))
                .param("from", period.from()).param("to", period.to())
                .param("start", Timestamp.from(start)).param("end", Timestamp.from(end))
                .query((rs, n) -> entries.computeIfAbsent(rs.getString("currency"), c -> new ArrayList<>())
                        .add(entry(rs, customer.zone())))
                .list();
        entries.keySet().forEach(c -> opening.putIfAbsent(c, BigDecimal.ZERO));
        return opening.entrySet().stream()
                .map(e -> Statement.of(e.getKey(), Money.exact(e.getValue(), e.getKey()), entries.getOrDefault(e.getKey(), List.of())))
                .toList();
    }

    private static Statement.Entry entry(ResultSet rs, ZoneId zone) throws SQLException {
        String currency = rs.getString("currency");
        Timestamp at = rs.getTimestamp("at");
        LocalDate day = rs.getObject("day", LocalDate.class);
        return new Statement.Entry(day != null ? day : LocalDate.ofInstant(at.toInstant(), zone),
                at == null ? null : at.toInstant(), Statement.Kind.valueOf(rs.getString("kind")), rs.getString("reference"),
                rs.getObject("invoice_id", UUID.class), rs.getString("invoice_number"), rs.getObject("payment_id", UUID.class),
                Money.exact(rs.getBigDecimal("amount"), currency));
    }
}
