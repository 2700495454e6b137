package dev.billing.dispute.invoice;

import dev.billing.dispute.dispute.InvoiceFacts;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.support.events.EventJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * dispute-service's copy of each invoice, kept from invoice.events and notification.events (JdbcClient: the row is
 * upserted by whichever event comes first, and locked while a dispute is opened on it). Events about one invoice can
 * come in any order across topics: a payment's {@code InvoicePaid}, or the invoice email's {@code NotificationSent},
 * may come before its {@code InvoiceIssued}; a closed invoice stays closed.
 */
@Repository
public class InvoiceCopies {
    public static final String UNSEEN = "UNSEEN";
    public static final String OPEN = "OPEN";
    public static final String PAID = "PAID";
    public static final String CANCELLED = "CANCELLED";
    private static final TypeReference<List<InvoiceLine>> LINES = new TypeReference<>() {
    };
    private final JdbcClient jdbc;

    InvoiceCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record InvoiceCopy(UUID invoiceId, UUID customerId, String number, String status, String currency, BigDecimal total,
                              BigDecimal openAmount, LocalDate issueDate, String customerName, String language, String timeZone,
                              List<InvoiceLine> lines, Instant deliveredAt) {
        public boolean seen() {
            return !UNSEEN.equals(status);
        }

        public ZoneId zone() {
            return ZoneId.of(timeZone == null ? "UTC" : timeZone);
        }

        public ObjectionWindow objectionWindow() {
            return ObjectionWindow.of(issueDate, deliveredAt, zone());
        }

        public InvoiceFacts facts() {
            return new InvoiceFacts(currency, openAmount, lines.stream()
                    .map(line -> new InvoiceFacts.Line(line.quantity(), line.netAmount(), line.taxRate())).toList());
        }
    }

    public Optional<InvoiceCopy> find(UUID invoiceId) {
        return jdbc.sql("select * from invoice_copy where invoice_id = ?").param(invoiceId).query(InvoiceCopies::row).optional();
    }

    /** The copies of these invoices, by id (for a page of disputes). */
    public java.util.Map<UUID, InvoiceCopy> findAll(java.util.Collection<UUID> invoiceIds) {
        java.util.Map<UUID, InvoiceCopy> found = new java.util.HashMap<>();
        if (!invoiceIds.isEmpty()) {
            jdbc.sql("select * from invoice_copy where invoice_id = any(?)").param(invoiceIds.toArray(UUID[]::new))
                    .query(InvoiceCopies::row).list().forEach(copy -> found.put(copy.invoiceId(), copy));
        }
        return found;
    }

    /** The invoice's row locked for the transaction (a dispute is being opened on it); empty when no event about it came. */
    public Optional<InvoiceCopy> lock(UUID invoiceId) {
        return jdbc.sql("select * from invoice_copy where invoice_id = ? for update").param(invoiceId).query(InvoiceCopies::row).optional();
    }

    void issued(InvoiceIssued invoice, Instant now) {
        ensure(invoice.invoiceId(), invoice.customerId(), now);
        jdbc.sql("""
                        update invoice_copy set number = ?, currency = ?, total = ?, open_amount = coalesce(open_amount, ?),
                            issue_date = ?, customer_name = ?, language = ?, time_zone = ?, lines = ?::jsonb,
                            status = case when status = 'UNSEEN' then 'OPEN' else status end, updated_at = ?
                        where invoice_id = ?""")
                .param(invoice.number()).param(invoice.currency()).param(invoice.total()).param(invoice.openAmount())
                .param(invoice.issueDate()).param(invoice.billTo().name()).param(invoice.billTo().language())
                .param(invoice.billTo().timeZone()).param(EventJson.write(invoice.lines())).param(Timestamp.from(now))
                .param(invoice.invoiceId()).update();
    }

    /** Paid in full, or cancelled: closed for good, nothing open. */
    void closed(UUID invoiceId, UUID customerId, String status, Instant now) {
        ensure(invoiceId, customerId, now);
        jdbc.sql("update invoice_copy set status = ?, open_amount = 0, updated_at = ? where invoice_id = ?")
                .param(status).param(Timestamp.from(now)).param(invoiceId).update();
    }

    /** A part paid or credited: what is open now; a credit to zero closes it as paid. A closed invoice stays closed. */
    void openAmount(UUID invoiceId, UUID customerId, BigDecimal openAmount, Instant now) {
        ensure(invoiceId, customerId, now);
        jdbc.sql("""
                        update invoice_copy set open_amount = ?,
                            status = case when status in ('PAID', 'CANCELLED') then status when ? = 0 then 'PAID' else status end,
                            updated_at = ? where invoice_id = ?""")
                .param(openAmount).param(openAmount.signum()).param(Timestamp.from(now)).param(invoiceId).update();
    }

    /** A refund opened a paid invoice again (a cancelled one stays cancelled). */
    void reopened(UUID invoiceId, UUID customerId, BigDecimal openAmount, Instant now) {
        ensure(invoiceId, customerId, now);
        jdbc.sql("""
                        update invoice_copy set open_amount = ?, status = case when status = 'PAID' then 'OPEN' else status end,
                            updated_at = ? where invoice_id = ?""")
                .param(openAmount).param(Timestamp.from(now)).param(invoiceId).update();
    }

    /** The invoice email left: the first delivery starts the objection window; a later copy does not move it. */
    void delivered(UUID invoiceId, UUID customerId, Instant sentAt, Instant now) {
        ensure(invoiceId, customerId, now);
        jdbc.sql("""
                        update invoice_copy set delivered_at = case when delivered_at is null or delivered_at > ? then ? else delivered_at end,
                            updated_at = ? where invoice_id = ?""")
                .param(Timestamp.from(sentAt)).param(Timestamp.from(sentAt)).param(Timestamp.from(now)).param(invoiceId).update();
    }

    private void ensure(UUID invoiceId, UUID customerId, Instant now) {
        jdbc.sql("insert into invoice_copy (invoice_id, customer_id, status, updated_at) values (?, ?, 'UNSEEN', ?) on conflict do nothing")
                .param(invoiceId).param(customerId).param(Timestamp.from(now)).update();
    }

    private static InvoiceCopy row(ResultSet rs, int n) throws SQLException {
        String lines = rs.getString("lines");
        Timestamp delivered = rs.getTimestamp("delivered_at");
        java.sql.Date issueDate = rs.getDate("issue_date");
        return new InvoiceCopy(rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("number"),
                rs.getString("status"), rs.getString("currency"), rs.getBigDecimal("total"), rs.getBigDecimal("open_amount"),
                issueDate == null ? null : issueDate.toLocalDate(), rs.getString("customer_name"), rs.getString("language"),
                rs.getString("time_zone"), lines == null ? List.of() : EventJson.mapper().readValue(lines, LINES),
                delivered == null ? null : delivered.toInstant());
    }
}
