package dev.billing.payment.bankstatement;

import java.util.List;

/**
 * A statement file as read: its format ({@code CAMT053} or {@code MT940}), the statement's own id(s) and the
 * account(s) it is of (several statements in one file are joined with ", "), and every entry.
 */
public record BankStatement(String format, String statementId, String account, List<StatementLine> lines) {
    public BankStatement {
        lines = List.copyOf(lines);
    }
}
