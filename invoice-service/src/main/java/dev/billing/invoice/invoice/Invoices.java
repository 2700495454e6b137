package dev.billing.invoice.invoice;

import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.DueRule;
import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
public class Invoices {
    static final int EXPORT_FETCH_SIZE = 500;
    private final JdbcClient jdbc;
    private final NamedParameterJdbcOperations batch;

    public Invoices(JdbcClient jdbc, NamedParameterJdbcOperations batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Inserts a draft. */
    public void insert(Invoice invoice, Instant now) {
        insertAll(List.of(invoice), now);
    }

    /**
     * Inserts the invoices with their lines and tax summaries, each table in one JDBC batch (the driver
     * sends a batch as multi-row inserts). An invoice for a request id that has one already fails the
     * whole insert (unless it corrects that one): callers check first ({@link #lockRequests}).
     */
    public void insertAll(List<Invoice> invoices, Instant now) {
        batch.batchUpdate("""
                        insert into invoice (id, number, series, status, customer_id, request_id, subscription_id,
                            bill_to_name, bill_to_email, bill_to_phone, bill_to_language, bill_to_time_zone,
                            issue_date, fulfilment_date, due_date, payment_term_days, currency,
                            net_total, tax_total, total, open_amount, created_at, issued_at, corrects_invoice_id)
                        values (:id, :number, :series, :status, :customerId, :requestId, :subscriptionId,
                            :name, :email, :phone, :language, :timeZone,
                            :issueDate, :fulfilmentDate, :dueDate, :term, :currency,
                            :net, :tax, :total, :open, :now, :issuedAt, :corrects)""",
                invoices.stream().map(invoice -> new MapSqlParameterSource()
                        .addValue("id", invoice.id()).addValue("number", invoice.number()).addValue("series", invoice.series())
                        .addValue("status", invoice.status().name()).addValue("customerId", invoice.customerId())
                        .addValue("requestId", invoice.requestId()).addValue("subscriptionId", invoice.subscriptionId())
                        .addValue("name", invoice.billTo().name()).addValue("email", invoice.billTo().email())
                        .addValue("phone", invoice.billTo().phone()).addValue("language", invoice.billTo().language())
                        .addValue("timeZone", invoice.billTo().timeZone())
                        .addValue("issueDate", invoice.issueDate()).addValue("fulfilmentDate", invoice.fulfilmentDate())
                        .addValue("dueDate", invoice.dueDate()).addValue("term", invoice.paymentTermDays())
                        .addValue("currency", invoice.currency()).addValue("net", invoice.netTotal())
                        .addValue("tax", invoice.taxTotal()).addValue("total", invoice.total())
                        .addValue("open", invoice.openAmount()).addValue("now", Timestamp.from(now))
                        .addValue("issuedAt", invoice.number() == null ? null : Timestamp.from(now))
                        .addValue("corrects", invoice.correctsInvoiceId()))
                        .toArray(SqlParameterSource[]::new));
        insertLines(invoices);
    }

    private void insertLines(List<Invoice> invoices) {
        List<SqlParameterSource> lines = new ArrayList<>();
        List<SqlParameterSource> taxes = new ArrayList<>();
        for (Invoice invoice : invoices) {
            int position = 0;
            for (InvoiceCalculator.Line line : invoice.lines()) {
                lines.add(new MapSqlParameterSource()
                        .addValue("id", invoice.id()).addValue("position", position++).addValue("description", line.description())
                        .addValue("quantity", line.quantity()).addValue("unitPrice", line.unitPrice())
                        .addValue("discount", line.discountPercent()).addValue("taxRate", line.taxRate())
                        .addValue("net", line.netAmount()).addValue("tax", line.taxAmount()).addValue("gross", line.grossAmount()));
            }
            for (InvoiceCalculator.TaxRate rate : invoice.taxSummary()) {
                taxes.add(new MapSqlParameterSource()
                        .addValue("id", invoice.id()).addValue("rate", rate.taxRate()).addValue("taxable", rate.taxableAmount())
                        .addValue("tax", rate.taxAmount()));
            }
        }
        batch.batchUpdate("""
                        insert into invoice_line (invoice_id, position, description, quantity, unit_price, discount_percent,
                            tax_rate, net_amount, tax_amount, gross_amount)
                        values (:id, :position, :description, :quantity, :unitPrice, :discount, :taxRate, :net, :tax, :gross)""",
                lines.toArray(SqlParameterSource[]::new));
        batch.batchUpdate("""
                        insert into invoice_tax (invoice_id, tax_rate, taxable_amount, tax_amount)
                        values (:id, :rate, :taxable, :tax)""",
                taxes.toArray(SqlParameterSource[]::new));
    }

    /** Replaces a draft's lines and totals. */
    public void replaceLines(Invoice draft) {
        jdbc.sql("delete from invoice_tax where invoice_id = :id").param("id", draft.id()).update();
        jdbc.sql("delete from invoice_line where invoice_id = :id").param("id", draft.id()).update();
        insertLines(List.of(draft));
        jdbc.sql("""
                        update invoice set net_total = :net, tax_total = :tax, total = :total, open_amount = :total,
                            fulfilment_date = :fulfilment where id = :id""")
                .param("net", draft.netTotal()).param("tax", draft.taxTotal()).param("total", draft.total())
                .param("fulfilment", draft.fulfilmentDate()).param("id", draft.id())
                .update();
    }

    /** Gives a draft its number and dates. */
    public void markIssued(UUID id, String number, LocalDate issueDate, LocalDate fulfilmentDate, LocalDate dueDate, Instant at) {
        jdbc.sql("""
                        update invoice set status = 'ISSUED', number = :number, issue_date = :issueDate,
                            fulfilment_date = :fulfilment, due_date = :dueDate, issued_at = :at where id = :id""")
                .param("number", number).param("issueDate", issueDate).param("fulfilment", fulfilmentDate)
                .param("dueDate", dueDate).param("at", Timestamp.from(at)).param("id", id)
                .update();
    }

    public void updateBalance(UUID id, InvoiceStatus status, BigDecimal openAmount, Instant paidAt) {
        jdbc.sql("update invoice set status = :status, open_amount = :open, paid_at = :paidAt where id = :id")
                .param("status", status.name()).param("open", openAmount)
                .param("paidAt", paidAt == null ? null : Timestamp.from(paidAt)).param("id", id)
                .update();
    }

    public void addCredit(UUID id, BigDecimal creditedAmount, BigDecimal openAmount) {
        jdbc.sql("update invoice set credited_amount = credited_amount + :credit, open_amount = :open where id = :id")
                .param("credit", creditedAmount).param("open", openAmount).param("id", id).update();
    }

    /** The original invoice was replaced by {@code correctedBy}, the corrected invoice issued for it. */
    public void markCorrected(UUID id, UUID correctedBy) {
        jdbc.sql("update invoice set corrected_by_invoice_id = :by where id = :id").param("by", correctedBy).param("id", id)
                .update();
    }

    public void markCancelled(UUID id, String stornoNumber, String reason, Instant at) {
        jdbc.sql("""
                        update invoice set status = 'CANCELLED', storno_number = :storno, cancel_reason = :reason,
                            cancelled_at = :at, open_amount = 0 where id = :id""")
                .param("storno", stornoNumber).param("reason", reason).param("at", Timestamp.from(at)).param("id", id)
                .update();
    }

    /**
     * Serialises work on these request ids for the rest of the transaction (locked in one statement, in
     * the order of their lock numbers, so that two such calls cannot deadlock on each other); returns
     * those that have an invoice already. Checking before numbering keeps a duplicate request from
     * spending a number.
     */
    public Set<String> lockRequests(Collection<String> requestIds) {
        String[] ids = requestIds.stream().distinct().sorted().toArray(String[]::new);
        jdbc.sql("select pg_advisory_xact_lock(h) from (select distinct hashtext(r) h from unnest(:ids::text[]) r order by h) s")
                .param("ids", ids).query((rs, n) -> 1).list();
        return new HashSet<>(jdbc.sql("select request_id from invoice where request_id = any(:ids::text[])").param("ids", ids)
                .query(String.class).list());
    }

    public Optional<Invoice> find(UUID id) {
        return jdbc.sql("select * from invoice where id = :id").param("id", id).query((rs, n) -> header(rs)).optional()
                .map(invoice -> withLines(List.of(invoice)).get(0));
    }

    /** The due rule a draft was made with (its account's); see {@link DueRule}. */
    public void setDueRule(UUID id, DueRule rule) {
        jdbc.sql("update invoice set payment_due_rule = :rule where id = :id").param("rule", rule.name()).param("id", id).update();
    }

    public DueRule dueRule(UUID id) {
        return DueRule.valueOf(jdbc.sql("select payment_due_rule from invoice where id = :id").param("id", id)
                .query(String.class).single());
    }

    /** What the invoice's credit notes took off per tax rate. */
    public List<InvoiceCalculator.TaxRate> creditedPerRate(UUID invoiceId) {
        return jdbc.sql("""
                        select t.tax_rate, sum(t.taxable_amount), sum(t.tax_amount), n.currency from credit_note_tax t
                        join credit_note n on n.id = t.credit_note_id where n.invoice_id = :id
                        group by t.tax_rate, n.currency order by t.tax_rate""")
                .param("id", invoiceId)
                .query((rs, n) -> new InvoiceCalculator.TaxRate(rs.getBigDecimal(1).stripTrailingZeros(),
                        Money.exact(rs.getBigDecimal(2), rs.getString(4)), Money.exact(rs.getBigDecimal(3), rs.getString(4))))
                .list();
    }

    /**
     * The invoices without their lines and tax summaries, by id, locked until the transaction ends: one statement,
     * taking the locks in id order, so that two callers cannot deadlock on each other's invoices.
     */
    public Map<UUID, Invoice> lockHeaders(Collection<UUID> ids) {
        Map<UUID, Invoice> locked = new HashMap<>();
        jdbc.sql("select * from invoice where id = any(:ids) order by id for update").param("ids", ids.toArray(UUID[]::new))
                .query((rs, n) -> header(rs)).list().forEach(invoice -> locked.put(invoice.id(), invoice));
        return locked;
    }

    /** A new status and open amount of an invoice ({@code paidAt} when it is paid now), for {@link #updateBalances}. */
    public record BalanceUpdate(UUID id, InvoiceStatus status, BigDecimal openAmount, Instant paidAt) {
    }

    /** {@link #updateBalance} for many invoices in one statement. */
    public void updateBalances(Collection<BalanceUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update invoice i set status = u.status, open_amount = u.open_amount, paid_at = u.paid_at
                        from unnest(:ids::uuid[], :statuses::text[], :openAmounts::numeric[], :paidAts::timestamptz[])
                            as u(id, status, open_amount, paid_at)
                        where i.id = u.id""")
                .param("ids", updates.stream().map(BalanceUpdate::id).toArray(UUID[]::new))
                .param("statuses", updates.stream().map(u -> u.status().name()).toArray(String[]::new))
                .param("openAmounts", updates.stream().map(u -> u.openAmount().toPlainString()).toArray(String[]::new))
                .param("paidAts", updates.stream().map(u -> u.paidAt() == null ? null : u.paidAt().toString()).toArray(String[]::new))
                .update();
    }

    /** The invoice, locked until the transaction ends. */
    public Optional<Invoice> lock(UUID id) {
        return jdbc.sql("select * from invoice where id = :id for update").param("id", id).query((rs, n) -> header(rs)).optional()
                .map(invoice -> withLines(List.of(invoice)).get(0));
    }

    /** One page: three statements whatever its size (the invoices, then the lines and the tax summaries of all of them). */
    public List<Invoice> search(InvoiceSearch search) {
        InvoiceSearch.Sql sql = search.toSql("select * from invoice");
        return withLines(jdbc.sql(sql.text()).params(sql.params()).query((rs, n) -> header(rs)).list());
    }

    /**
     * Hands every invoice the search finds to {@code row} as it is read, without lines and tax summaries:
     * one statement, read through a cursor {@value #EXPORT_FETCH_SIZE} rows at a time, so no list of
     * them is ever held. PostgreSQL's driver reads through a cursor only inside a transaction.
     */
    @Transactional(readOnly = true)
    public void export(InvoiceSearch search, Consumer<Invoice> row) {
        InvoiceSearch.Sql sql = search.toSql("select * from invoice");
        jdbc.sql(sql.text()).params(sql.params()).withFetchSize(EXPORT_FETCH_SIZE)
                .query((RowCallbackHandler) rs -> row.accept(header(rs)));
    }

    public long count(InvoiceSearch search) {
        InvoiceSearch.Sql sql = search.countSql();
        return jdbc.sql(sql.text()).params(sql.params()).query(Long.class).single();
    }

    /** The invoice row alone: no lines, no tax summary. */
    private static Invoice header(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        Timestamp overdue = rs.getTimestamp("overdue_at");
        return new Invoice(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("series"),
                InvoiceStatus.valueOf(rs.getString("status")),
                rs.getObject("customer_id", UUID.class), rs.getString("request_id"), rs.getObject("subscription_id", UUID.class),
                new BillTo(rs.getString("bill_to_name"), rs.getString("bill_to_email"), rs.getString("bill_to_phone"),
                        rs.getString("bill_to_language"), rs.getString("bill_to_time_zone")),
                rs.getObject("issue_date", LocalDate.class), rs.getObject("fulfilment_date", LocalDate.class),
                rs.getObject("due_date", LocalDate.class), rs.getInt("payment_term_days"), currency, List.of(), List.of(),
                money(rs.getBigDecimal("net_total"), currency), money(rs.getBigDecimal("tax_total"), currency),
                money(rs.getBigDecimal("total"), currency), money(rs.getBigDecimal("open_amount"), currency),
                money(rs.getBigDecimal("credited_amount"), currency), overdue == null ? null : overdue.toInstant(),
                rs.getString("storno_number"), rs.getString("cancel_reason"), rs.getObject("corrects_invoice_id", UUID.class),
                rs.getObject("corrected_by_invoice_id", UUID.class));
    }

    /** The invoices with their lines and tax summaries, read in one statement each for all of them. */
    private List<Invoice> withLines(List<Invoice> invoices) {
        if (invoices.isEmpty()) {
            return invoices;
        }
        Map<UUID, String> currencies = new HashMap<>();
        invoices.forEach(i -> currencies.put(i.id(), i.currency()));
        UUID[] ids = currencies.keySet().toArray(UUID[]::new);
        Map<UUID, List<InvoiceCalculator.Line>> lines = new HashMap<>();
        jdbc.sql("select * from invoice_line where invoice_id = any(:ids) order by invoice_id, position").param("ids", ids)
                .query((RowCallbackHandler) l -> {
                    UUID id = l.getObject("invoice_id", UUID.class);
                    String currency = currencies.get(id);
                    lines.computeIfAbsent(id, k -> new ArrayList<>()).add(new InvoiceCalculator.Line(l.getString("description"),
                            plain(l.getBigDecimal("quantity")), plain(l.getBigDecimal("unit_price")),
                            plain(l.getBigDecimal("discount_percent")), plain(l.getBigDecimal("tax_rate")),
                            money(l.getBigDecimal("net_amount"), currency), money(l.getBigDecimal("tax_amount"), currency),
                            money(l.getBigDecimal("gross_amount"), currency)));
                });
        Map<UUID, List<InvoiceCalculator.TaxRate>> taxes = new HashMap<>();
        jdbc.sql("select * from invoice_tax where invoice_id = any(:ids) order by invoice_id, tax_rate").param("ids", ids)
                .query((RowCallbackHandler) t -> {
                    UUID id = t.getObject("invoice_id", UUID.class);
                    String currency = currencies.get(id);
                    taxes.computeIfAbsent(id, k -> new ArrayList<>()).add(new InvoiceCalculator.TaxRate(
                            plain(t.getBigDecimal("tax_rate")), money(t.getBigDecimal("taxable_amount"), currency),
                            money(t.getBigDecimal("tax_amount"), currency)));
                });
        return invoices.stream()
                .map(i -> i.withLines(lines.getOrDefault(i.id(), List.of()), taxes.getOrDefault(i.id(), List.of())))
                .toList();
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static BigDecimal money(BigDecimal value, String currency) {
        return value.setScale(Money.minorDigits(Currency.getInstance(currency)), RoundingMode.HALF_UP);
    }
}
