package dev.billing.payment.bankstatement;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One entry of a bank statement, in the order of the file ({@code position} from 1). {@code entryReference} is the
 * bank's own reference of the entry, unique per account: a statement imported again is recognised by it.
 * {@code remittance} and {@code payerName} are what the payer wrote and who the bank says paid, either may be null.
 */
public record StatementLine(int position, String account, LocalDate bookingDate, LocalDate valueDate, Direction direction,
                            BigDecimal amount, String currency, String entryReference, String remittance, String payerName) {

    public enum Direction { CREDIT, DEBIT }

    public StatementLine {
        remittance = oneLine(remittance);
        payerName = oneLine(payerName);
    }

    public boolean credit() {
        return direction == Direction.CREDIT;
    }

    /** Banks wrap texts at fixed widths and may put anything in them: stored and shown as one line, null when empty. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("[\\p{Cntrl}\\s\\u2028\\u2029]+", " ").strip();
        return clean.isEmpty() ? null : clean;
    }
}
