package dev.billing.payment.bankstatement;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The imported statements and their lines ({@code bank_statement_import}, {@code bank_statement_line}). */
@Repository
class BankStatements {
    private final JdbcClient jdbc;

    BankStatements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Import(UUID id, String format, String statementId, String account, int lineCount, int newLineCount, int openLineCount,
                  Instant importedAt, String importedBy) {
    }

    /** A stored line: the statement's entry, the proposal made when it was imported, and staff's decision. */
    record Line(UUID id, UUID importId, StatementLine entry, String confidence, String reason, UUID proposedInvoiceId,
                String proposedInvoiceNumber, UUID proposedCustomerId, String status, UUID paymentId, UUID invoiceId, UUID customerId,
                Instant decidedAt, String decidedBy) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void addImport(UUID id, BankStatement statement, Instant at, String by) {
        jdbc.sql("""
                        insert into bank_statement_import (id, format, statement_id, account, line_count, new_line_count, imported_at,
                            imported_by)
                        values (:id, :format, :statement, :account, :lines, 0, :at, :by)""")
                .param("id", id).param("format", statement.format()).param("statement", statement.statementId())
                .param("account", statement.account()).param("lines", statement.lines().size())
                .param("at", java.sql.Timestamp.from(at)).param("by", by).update();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void countNewLines(UUID importId, int newLines) {
        jdbc.sql("update bank_statement_import set new_line_count = :n where id = :id").param("n", newLines).param("id", importId).update();
    }

    /** Adds the line unless its account and reference are there already; whether it was added. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean addLine(UUID id, UUID importId, StatementLine line, StatementMatching.Proposal proposal) {
        return jdbc.sql("""
                        insert into bank_statement_line (id, import_id, position, account, entry_reference, booking_date, value_date,
                            direction, amount, currency, remittance, payer_name, confidence, reason, proposed_invoice_id,
                            proposed_invoice_number, proposed_customer_id, status)
                        values (:id, :import, :position, :account, :reference, :booked, :valued, :direction, :amount, :currency,
                            :remittance, :payer, :confidence, :reason, :invoice, :number, :customer, 'OPEN')
                        on conflict (account, entry_reference) do nothing""")
                .param("id", id).param("import", importId).param("position", line.position()).param("account", line.account())
                .param("reference", line.entryReference()).param("booked", line.bookingDate()).param("valued", line.valueDate())
                .param("direction", line.direction().name()).param("amount", line.amount()).param("currency", line.currency())
                .param("remittance", line.remittance()).param("payer", line.payerName())
                .param("confidence", proposal.confidence().name()).param("reason", proposal.reason())
                .param("invoice", proposal.invoice() == null ? null : proposal.invoice().invoiceId())
                .param("number", proposal.invoice() == null ? null : proposal.invoice().number())
                .param("customer", proposal.invoice() == null ? null : proposal.invoice().customerId())
                .update() == 1;
    }

    Optional<Line> line(String account, String entryReference) {
        return jdbc.sql("select * from bank_statement_line where account = :account and entry_reference = :reference")
                .param("account", account).param("reference", entryReference).query(BankStatements::line).optional();
    }

    /** The line of that import, locked until the transaction ends: one decision per line at a time. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Line> locked(UUID importId, UUID lineId) {
        return jdbc.sql("select * from bank_statement_line where id = :id and import_id = :import for update")
                .param("id", lineId).param("import", importId).query(BankStatements::line).optional();
    }

    Line line(UUID lineId) {
        return jdbc.sql("select * from bank_statement_line where id = :id").param("id", lineId).query(BankStatements::line).single();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void decide(UUID lineId, String status, UUID paymentId, UUID invoiceId, UUID customerId, Instant at, String by) {
        jdbc.sql("""
                        update bank_statement_line set status = :status, payment_id = :payment, invoice_id = :invoice,
                            customer_id = :customer, decided_at = :at, decided_by = :by
                        where id = :id""")
                .param("status", status).param("payment", paymentId).param("invoice", invoiceId).param("customer", customerId)
                .param("at", java.sql.Timestamp.from(at)).param("by", by).param("id", lineId).update();
    }

    List<Line> linesOf(UUID importId) {
        return jdbc.sql("select * from bank_statement_line where import_id = :import order by position")
                .param("import", importId).query(BankStatements::line).list();
    }

    Optional<Import> find(UUID id) {
        return jdbc.sql(IMPORTS + " where i.id = :id").param("id", id).query(BankStatements::statement).optional();
    }

    List<Import> newestFirst(int page, int size) {
        return jdbc.sql(IMPORTS + " order by i.imported_at desc, i.id limit :size offset :offset")
                .param("size", size).param("offset", (long) page * size).query(BankStatements::statement).list();
    }

    long count() {
        return jdbc.sql("select count(*) from bank_statement_import").query(Long.class).single();
    }

    /** The invoices whose number the text may name (the rule decides): a superset found in SQL, not every invoice loaded. */
    List<UUID> invoicesNamedIn(String compactText) {
        return jdbc.sql("""
                        select invoice_id from invoice_copy
                        where length(number) > 0 and strpos(:text, upper(regexp_replace(number, '[\\s-]+', '', 'g'))) > 0
                        limit 20""")
                .param("text", compactText).query(UUID.class).list();
    }

    List<UUID> openInvoicesOf(BigDecimal amount, String currency) {
        return jdbc.sql("""
                        select invoice_id from invoice_copy
                        where currency = :currency and open_amount = :amount and status in ('ISSUED', 'PARTIALLY_PAID')
                        order by due_date, number limit 20""")
                .param("currency", currency).param("amount", amount).query(UUID.class).list();
    }

    private static final String IMPORTS = """
            select i.*, (select count(*) from bank_statement_line l where l.import_id = i.id and l.status = 'OPEN'
                and l.direction = 'CREDIT') as open_line_count
            from bank_statement_import i""";

    private static Import statement(ResultSet rs, int row) throws SQLException {
        return new Import(rs.getObject("id", UUID.class), rs.getString("format"), rs.getString("statement_id"), rs.getString("account"),
                rs.getInt("line_count"), rs.getInt("new_line_count"), rs.getInt("open_line_count"),
                rs.getTimestamp("imported_at").toInstant(), rs.getString("imported_by"));
    }

    private static Line line(ResultSet rs, int row) throws SQLException {
        StatementLine entry = new StatementLine(rs.getInt("position"), rs.getString("account"), rs.getObject("booking_date", LocalDate.class),
                rs.getObject("value_date", LocalDate.class), StatementLine.Direction.valueOf(rs.getString("direction")),
                dev.billing.support.money.Money.exact(rs.getBigDecimal("amount"), rs.getString("currency")), rs.getString("currency"),
                rs.getString("entry_reference"), rs.getString("remittance"), rs.getString("payer_name"));
        return new Line(rs.getObject("id", UUID.class), rs.getObject("import_id", UUID.class), entry, rs.getString("confidence"),
                rs.getString("reason"), rs.getObject("proposed_invoice_id", UUID.class), rs.getString("proposed_invoice_number"),
                rs.getObject("proposed_customer_id", UUID.class), rs.getString("status"), rs.getObject("payment_id", UUID.class),
                rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getTimestamp("decided_at") == null ? null : rs.getTimestamp("decided_at").toInstant(), rs.getString("decided_by"));
    }
}
