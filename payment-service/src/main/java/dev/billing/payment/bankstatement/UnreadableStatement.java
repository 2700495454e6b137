package dev.billing.payment.bankstatement;

/**
 * A statement file that cannot be read as it must be; {@code field} names where: the body as a whole, an element path
 * of camt.053 ({@code Stmt[1]/Ntry[2]/Amt}) or an MT940 tag ({@code :61:}).
 */
public final class UnreadableStatement extends RuntimeException {
    private final String field;

    public UnreadableStatement(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
