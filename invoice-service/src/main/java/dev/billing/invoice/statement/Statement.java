package dev.billing.invoice.statement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A customer's statement of account in one currency over a period: what the customer owed at its
 * start, each entry that moved it, and what the customer owes at its end. A positive balance is owed
 * by the customer, a negative one is the customer's credit. Invoices, refunds and credit paid out are
 * debits; credit notes, stornos and payments are credits. Credit used on an invoice is no entry: it is
 * the customer's own money moving from credit to the invoice, the balance stays.
 */
public record Statement(String currency, BigDecimal openingBalance, List<Line> lines, BigDecimal totalDebit,
                        BigDecimal totalCredit, BigDecimal closingBalance) {

    public enum Kind {
        INVOICE(true), CREDIT_NOTE(false), STORNO(false), PAYMENT(false), REFUND(true), CREDIT_PAYOUT(true);

        private final boolean debit;

        Kind(boolean debit) {
            this.debit = debit;
        }

        public boolean debit() {
            return debit;
        }
    }

    /**
     * One entry as recorded: {@code date} is the customer's calendar date, {@code at} the moment it was
     * recorded (orders entries of one day), {@code amount} not negative, in the currency's scale.
     * {@code reference} is the document number, or the payment's, refund's or payout's id.
     */
    public record Entry(LocalDate date, Instant at, Kind kind, String reference, UUID invoiceId, String invoiceNumber,
                        UUID paymentId, BigDecimal amount) {
    }

    /** An entry on the statement: its amount as debit or credit (the other null) and the balance after it. */
    public record Line(Entry entry, BigDecimal debit, BigDecimal credit, BigDecimal balance) {
    }

    // the same entries in any order give the same statement: by date, then as recorded, then kind and reference
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::date)
            .thenComparing(Entry::at, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Entry::kind)
            .thenComparing(Entry::reference, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** The statement from the balance at the start of the period and the period's entries (in any order). */
    public static Statement of(String currency, BigDecimal openingBalance, List<Entry> entries) {
        List<Line> lines = new ArrayList<>(entries.size());
        BigDecimal balance = openingBalance;
        // in the currency's scale, as the amounts are: totals of no entry read 0.00, not 0
        BigDecimal debits = BigDecimal.ZERO.setScale(openingBalance.scale());
        BigDecimal credits = debits;
        for (Entry entry : entries.stream().sorted(ORDER).toList()) {
            if (entry.amount().signum() < 0) {
                throw new IllegalArgumentException("A statement entry is never negative: " + entry);
            }
            if (entry.kind().debit()) {
                balance = balance.add(entry.amount());
                debits = debits.add(entry.amount());
                lines.add(new Line(entry, entry.amount(), null, balance));
            } else {
                balance = balance.subtract(entry.amount());
                credits = credits.add(entry.amount());
                lines.add(new Line(entry, null, entry.amount(), balance));
            }
        }
        return new Statement(currency, openingBalance, List.copyOf(lines), debits, credits, balance);
    }
}
