package dev.billing.reminder.plan;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What reminder-service knows of each invoice. Events about one invoice can come in any order across topics (a
 * payment's {@code InvoicePaid} may even come before its {@code InvoiceIssued} is seen), so the row is made by
 * whichever arrives first, and a closed invoice stays closed.
 */
@Repository
public class Receivables {
    public static final String OPEN = "OPEN";
    public static final String PAID = "PAID";
    public static final String CANCELLED = "CANCELLED";
    /** Not issued yet as far as this service knows: an event about it came first. */
    public static final String UNSEEN = "UNSEEN";
    private final JdbcClient jdbc;

    Receivables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Receivable(UUID invoiceId, UUID customerId, String number, LocalDate dueDate, String currency,
                             BigDecimal openAmount, String timeZone, String state, String closedReason, UUID policyId,
                             Integer policyVersion, int round, Instant pausedAt, String pausedBy, String pauseReason, int disputesOpen,
                             LocalDate promisedOn, BigDecimal promisedAmount) {
        public boolean open() {
            return OPEN.equals(state);
        }

        /** The customer's date at {@code now}, in the invoice's time zone (UTC before its issue tells it). */
        public LocalDate today(Instant now) {
            return now.atZone(timeZone == null ? java.time.ZoneId.of("UTC") : java.time.ZoneId.of(timeZone)).toLocalDate();
        }
    }

    /** The invoice's row, locked for the transaction; made (state {@link #UNSEEN}) if no event about it came before. */
    public Receivable lockOrCreate(UUID invoiceId, UUID customerId, Instant now) {
        jdbc.sql("""
                        insert into receivable (invoice_id, customer_id, state, updated_at) values (?, ?, 'UNSEEN', ?)
                        on conflict (invoice_id) do nothing""")
                .param(invoiceId).param(customerId).param(Timestamp.from(now)).update();
        return jdbc.sql("select * from receivable where invoice_id = ? for update").param(invoiceId).query(Receivables::row).single();
    }

    public Optional<Receivable> find(UUID invoiceId) {
        return jdbc.sql("select * from receivable where invoice_id = ?").param(invoiceId).query(Receivables::row).optional();
    }

    void issued(UUID invoiceId, String number, LocalDate dueDate, String currency, BigDecimal openAmount, String timeZone,
                UUID policyId, Integer policyVersion, Instant now) {
        jdbc.sql("""
                        update receivable set number = ?, due_date = ?, currency = ?, open_amount = coalesce(open_amount, ?),
                            issued_amount = ?, time_zone = ?,
                            state = case when state = 'UNSEEN' then 'OPEN' else state end, policy_id = ?, policy_version = ?,
                            updated_at = ? where invoice_id = ?""")
                .param(number).param(dueDate).param(currency).param(openAmount).param(openAmount).param(timeZone).param(policyId)
                .param(policyVersion).param(Timestamp.from(now)).param(invoiceId)
                .update();
    }

    void close(UUID invoiceId, String state, String reason, Instant now) {
        jdbc.sql("""
                        update receivable set state = ?, closed_reason = ?, closed_at = ?, promised_on = null, promised_amount = null,
                            updated_at = ? where invoice_id = ?""")
                .param(state).param(reason).param(Timestamp.from(now)).param(Timestamp.from(now)).param(invoiceId).update();
    }

    /** Open again, planned as {@code round} with this policy version; before its issue is seen, back to {@link #UNSEEN}. */
    void reopen(UUID invoiceId, BigDecimal openAmount, int round, UUID policyId, Integer policyVersion, Instant now) {
        jdbc.sql("""
                        update receivable set state = case when due_date is null then 'UNSEEN' else 'OPEN' end, closed_reason = null,
                            open_amount = ?, round = ?, policy_id = coalesce(?, policy_id), policy_version = coalesce(?, policy_version),
                            updated_at = ? where invoice_id = ?""")
                .param(openAmount).param(round).param(policyId).param(policyVersion).param(Timestamp.from(now)).param(invoiceId).update();
    }

    void partlyPaid(UUID invoiceId, BigDecimal openAmount, Instant now) {
        jdbc.sql("update receivable set open_amount = ?, partial_payments = partial_payments + 1, updated_at = ? where invoice_id = ?")
                .param(openAmount).param(Timestamp.from(now)).param(invoiceId).update();
    }

    void openAmount(UUID invoiceId, BigDecimal openAmount, Instant now) {
        jdbc.sql("update receivable set open_amount = ?, updated_at = ? where invoice_id = ?")
                .param(openAmount).param(Timestamp.from(now)).param(invoiceId).update();
    }

    void paused(UUID invoiceId, Instant pausedAt, String pausedBy, String reason, int disputesOpen, Instant now) {
        jdbc.sql("update receivable set paused_at = ?, paused_by = ?, pause_reason = ?, disputes_open = ?, updated_at = ? where invoice_id = ?")
                .param(pausedAt == null ? null : Timestamp.from(pausedAt)).param(pausedBy).param(reason).param(disputesOpen)
                .param(Timestamp.from(now)).param(invoiceId).update();
    }

    void promised(UUID invoiceId, LocalDate on, BigDecimal amount, Instant now) {
        jdbc.sql("update receivable set promised_on = ?, promised_amount = ?, updated_at = ? where invoice_id = ?")
                .param(on).param(amount).param(Timestamp.from(now)).param(invoiceId).update();
    }

    private static Receivable row(ResultSet rs, int n) throws SQLException {
        Timestamp paused = rs.getTimestamp("paused_at");
        java.sql.Date promised = rs.getDate("promised_on");
        java.sql.Date due = rs.getDate("due_date");
        return new Receivable(rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("number"),
                due == null ? null : due.toLocalDate(), rs.getString("currency"), rs.getBigDecimal("open_amount"),
                rs.getString("time_zone"), rs.getString("state"), rs.getString("closed_reason"), rs.getObject("policy_id", UUID.class),
                (Integer) rs.getObject("policy_version"), rs.getInt("round"), paused == null ? null : paused.toInstant(),
                rs.getString("paused_by"), rs.getString("pause_reason"), rs.getInt("disputes_open"), promised == null ? null : promised.toLocalDate(),
                rs.getBigDecimal("promised_amount"));
    }
}
