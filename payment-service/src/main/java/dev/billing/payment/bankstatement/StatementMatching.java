package dev.billing.payment.bankstatement;

import dev.billing.payment.invoice.InvoiceCopies.InvoiceCopy;
import dev.billing.support.money.Money;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which invoice a credit on the bank account pays, as a proposal for staff to confirm: first an invoice number in the
 * remittance text (case and spaces and dashes do not matter), then whether the amount is the invoice's open amount in
 * its currency; without a number, an open invoice of exactly that amount whose payer's name is like the one the bank
 * gives. Debits are never matched.
 */
public final class StatementMatching {
    /** At least this share of the shorter name's words must be found in the other (banks cut names, add legal forms). */
    static final double SIMILAR_NAMES = 0.6;
    private static final Set<String> LEGAL_FORMS = Set.of("ltd", "sti", "tic", "san", "as", "kft", "zrt", "nyrt", "bt", "gmbh",
            "ag", "kg", "co", "inc", "llc", "plc", "sa", "srl", "ve", "und", "and", "es");

    public enum Confidence {
        /** The number of an open invoice and its open amount. */
        EXACT,
        /** The number of an open invoice, another amount: a partial payment, or more (the rest becomes credit). */
        NUMBER,
        /** No number, but the open amount of exactly one invoice whose payer's name is like the bank's. */
        AMOUNT_AND_NAME,
        NONE
    }

    /** {@code invoice} is null for {@link Confidence#NONE}. */
    public record Proposal(Confidence confidence, InvoiceCopy invoice, String reason) {
    }

    private StatementMatching() {
    }

    /** The proposal for {@code line} among {@code invoices} (any invoices: the rule itself looks at status and currency). */
    public static Proposal propose(StatementLine line, List<InvoiceCopy> invoices) {
        if (!line.credit()) {
            return none("a debit: money that left the account is never a customer's payment");
        }
        String money = line.amount().toPlainString() + " " + line.currency();
        String text = compact(line.remittance());
        List<InvoiceCopy> named = invoices.stream().filter(i -> names(text, i.number())).toList();
        List<InvoiceCopy> payable = named.stream().filter(i -> payable(i, line)).toList();
        if (!payable.isEmpty()) {
            InvoiceCopy invoice = payable.stream().filter(i -> i.openAmount().compareTo(line.amount()) == 0).findFirst()
                    .orElse(payable.get(0));
            String others = named.size() == 1 ? "" : "; it also names " + named.stream().filter(i -> i != invoice)
                    .map(InvoiceCopy::number).collect(Collectors.joining(", "));
            int paid = line.amount().compareTo(invoice.openAmount());
            if (paid == 0) {
                return new Proposal(Confidence.EXACT, invoice, "names " + invoice.number() + " and pays its open amount " + money + others);
            }
            String open = Money.exact(invoice.openAmount(), invoice.currency()).toPlainString() + " " + invoice.currency();
            return new Proposal(Confidence.NUMBER, invoice, "names " + invoice.number() + " but pays " + money
                    + (paid < 0 ? " of its open " + open + ": a partial payment" : ", more than its open " + open
                    + ": the rest becomes the customer's credit") + others);
        }
        if (!named.isEmpty()) {
            InvoiceCopy invoice = named.get(0);
            return none("names " + invoice.number() + ", which " + (invoice.currency().equals(line.currency())
                    ? "is not open (" + invoice.status() + ")" : "is in " + invoice.currency() + ", not " + line.currency())
                    + "; confirm it for a customer to keep it as their credit");
        }
        List<InvoiceCopy> sameAmount = invoices.stream()
                .filter(i -> payable(i, line) && i.openAmount().compareTo(line.amount()) == 0).toList();
        if (sameAmount.isEmpty()) {
            return none("names no invoice number of an open invoice, and no open invoice is of " + money);
        }
        if (line.payerName() == null) {
            return none("names no invoice number; " + sameAmount.size() + " open invoice(s) of " + money
                    + " but the bank gives no payer's name");
        }
        List<InvoiceCopy> alike = sameAmount.stream().filter(i -> similarity(line.payerName(), i.payerName()) >= SIMILAR_NAMES)
                .sorted(Comparator.comparingDouble((InvoiceCopy i) -> similarity(line.payerName(), i.payerName())).reversed()).toList();
        if (alike.isEmpty()) {
            return none("names no invoice number; " + sameAmount.size() + " open invoice(s) of " + money + ", none to a payer named like "
                    + line.payerName());
        }
        if (alike.size() > 1 && similarity(line.payerName(), alike.get(0).payerName()) == similarity(line.payerName(), alike.get(1).payerName())) {
            return none("names no invoice number; " + alike.stream().map(InvoiceCopy::number).collect(Collectors.joining(", "))
                    + " are all of " + money + " to a payer named like " + line.payerName());
        }
        InvoiceCopy invoice = alike.get(0);
        return new Proposal(Confidence.AMOUNT_AND_NAME, invoice, "names no invoice number; pays the open amount " + money + " of "
                + invoice.number() + ", whose payer " + invoice.payerName() + " is named like " + line.payerName());
    }

    private static boolean payable(InvoiceCopy invoice, StatementLine line) {
        return invoice.open() && invoice.currency().equals(line.currency());
    }

    private static Proposal none(String reason) {
        return new Proposal(Confidence.NONE, null, reason);
    }

    /** Capitals without spaces and dashes: "inv 2027-000 001" and "INV-2027-000001" are the same number. */
    static String compact(String text) {
        return text == null ? "" : text.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-]+", "");
    }

    /** Whether the text names the number, not only its start (INV-2027-000001 is not named by INV-2027-0000012). */
    static boolean names(String compactText, String number) {
        String wanted = compact(number);
        if (wanted.isEmpty()) {
            return false;
        }
        for (int at = compactText.indexOf(wanted); at >= 0; at = compactText.indexOf(wanted, at + 1)) {
            int after = at + wanted.length();
            if (after == compactText.length() || !Character.isDigit(compactText.charAt(after))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The share of the shorter name's words that the other name has, ignoring case, accents (Kovács is KOVACS) and
     * legal forms; a word the bank cut ("REKLAMCILI" for "Reklamcılık") counts when one starts with the other's first 4 letters.
     */
    static double similarity(String a, String b) {
        List<String> left = words(a);
        List<String> right = words(b);
        if (left.isEmpty() || right.isEmpty()) {
            return 0;
        }
        List<String> shorter = left.size() <= right.size() ? left : right;
        List<String> longer = shorter == left ? right : left;
        long found = shorter.stream().filter(w -> longer.stream().anyMatch(o -> sameWord(w, o))).count();
        return (double) found / shorter.size();
    }

    private static boolean sameWord(String a, String b) {
        return a.equals(b) || (Math.min(a.length(), b.length()) >= 4 && (a.startsWith(b) || b.startsWith(a)));
    }

    private static List<String> words(String name) {
        if (name == null) {
            return List.of();
        }
        String plain = Normalizer.normalize(name.replace('ı', 'i').replace('İ', 'I').replace("ß", "ss"), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(plain.split("[^a-z0-9]+")).filter(w -> w.length() > 1 && !LEGAL_FORMS.contains(w)).distinct().toList();
    }
}
