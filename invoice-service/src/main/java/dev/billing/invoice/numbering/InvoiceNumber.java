package dev.billing.invoice.numbering;

/** The legal number of an invoice: series, year, and a sequence without gaps, e.g. INV-2027-000001. */
public final class InvoiceNumber {

    public static String format(String series, int year, long sequence) {
        if (!series.matches("[A-Z]{1,10}")) {
            throw new IllegalArgumentException("A series is 1-10 capital letters: " + series);
        }
        if (sequence < 1 || sequence > 999_999_999L) {
            throw new IllegalArgumentException("Sequence out of range: " + sequence);
        }
        return String.format("%s-%04d-%06d", series, year, sequence);
    }

    private InvoiceNumber() {
    }
}
