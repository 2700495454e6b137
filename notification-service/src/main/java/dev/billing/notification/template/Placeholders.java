package dev.billing.notification.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders each kind of message fills, with the sample values its preview shows: an invoice email knows the
 * invoice's figures and its payment page ({@code {paymentLink}}; a reminder too, for several invoices the page that
 * pays them all), a receipt the payment date, a storno its number and reason, a credit note its amount and what is
 * left open, a staff message about an opened task ({@code task-opened}) the customer and what to do, the dispute
 * messages ({@code dispute-opened}: the reason, what is disputed and the answer's date;
 * each to the customer with {@code {disputeLink}}, the dispute's page in the portal; {@code dispute-message} and
 * {@code dispute-customer-message}: the author, the text and the attachments; {@code dispute-resolved}: the outcome
 * and the resolution; {@code dispute-withdrawn}: the customer's reason) and the copy of an invoice ({@code invoice-copy}), a reminder (any
 * code starting with {@code reminder-}) the open amount, and every invoice it is about
 * ({@code {invoices}}, one per line; {@code {count}}; {@code {invoiceNumbers}}, for WhatsApp, whose parameters are one line each). A template may use only
 * those of its kind.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Map<String, String> INVOICE = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "issueDate", "2027-03-01", "dueDate", "2027-03-15", "total", "1,440.00", "currency", "EUR",
            "link", "https://billing.example/d/sample", "paymentLink", "https://billing.example/p/sample");
    private static final Map<String, String> REMINDER = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "dueDate", "2027-03-15", "openAmount", "1,440.00", "currency", "EUR", "link", "https://billing.example/d/sample",
            "paymentLink", "https://billing.example/p/sample", "count", "2", "invoiceNumbers", "INV-2027-000042, INV-2027-000043",
            "invoices", "INV-2027-000042: 1,440.00 EUR, due 15 Mar 2027 – https://billing.example/d/sample\n"
                    + "INV-2027-000043: 480.00 EUR, due 15 Mar 2027 – https://billing.example/d/sample2");

    private static final Map<String, String> PAID = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "total", "1,440.00", "currency", "EUR", "paidDate", "2027-03-12", "link", "https://billing.example/d/sample");
    private static final Map<String, String> CANCELLED = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "stornoNumber", "STO-2027-000003", "total", "1,440.00", "currency", "EUR", "reason", "Billed twice.",
            "link", "https://billing.example/d/sample");
    private static final Map<String, String> CREDIT_NOTE = sample("name", "Acme Social Ltd.", "number", "CRN-2027-000007",
            "invoiceNumber", "INV-2027-000042", "issueDate", "2027-03-10", "amount", "240.00", "openAmount", "1,200.00",
            "currency", "EUR", "link", "https://billing.example/d/sample");
    private static final Map<String, String> TASK = sample("name", "Acme Social Ltd.",
            "reason", "Payment deadline passed 14 days ago, 2 reminders unanswered. Call the customer.",
            "link", "https://billing.example/tasks");
    private static final Map<String, String> DISPUTE_OPENED = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "reason", "the price", "disputed", "240.00 EUR", "respondBy", "17 Mar 2027", "link", "https://billing.example/d/sample",
            "disputeLink", "https://billing.example/p/sample/disputes/sample");
    private static final Map<String, String> DISPUTE_MESSAGE = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "author", "Ayşe Yılmaz", "message", "We checked the campaign report: the second week ran at the agreed price.",
            "attachments", "\nAttachments: report.pdf", "link", "https://billing.example/d/sample",
            "disputeLink", "https://billing.example/p/sample/disputes/sample");
    private static final Map<String, String> DISPUTE_CUSTOMER_MESSAGE = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "author", "Acme Social Ltd.", "message", "The second campaign week never ran. See the photo.",
            "attachments", "\nAttachments: photo.jpg", "link", "https://billing.example/disputes/sample");
    private static final Map<String, String> INVOICE_COPY = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "link", "https://billing.example/d/sample", "paymentLink", "https://billing.example/p/sample");
    private static final Map<String, String> DISPUTE_RESOLVED = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "outcome", "we accept your objection and issue a credit note",
            "resolution", "The second campaign week did not run; we credit it.", "link", "https://billing.example/d/sample",
            "disputeLink", "https://billing.example/p/sample/disputes/sample");
    private static final Map<String, String> DISPUTE_WITHDRAWN = sample("name", "Acme Social Ltd.", "number", "INV-2027-000042",
            "reason", "We found the report; the invoice is right.", "link", "https://billing.example/disputes/sample");
    /** The codes of the messages sent, other than the reminders' (any code starting with {@code reminder-}). */
    public static final Map<String, Map<String, String>> BY_CODE = Map.ofEntries(Map.entry("invoice-issued", INVOICE),
            Map.entry("invoice-paid", PAID), Map.entry("invoice-cancelled", CANCELLED), Map.entry("credit-note-issued", CREDIT_NOTE),
            Map.entry("task-opened", TASK), Map.entry("dispute-opened", DISPUTE_OPENED), Map.entry("dispute-message", DISPUTE_MESSAGE),
            Map.entry("dispute-customer-message", DISPUTE_CUSTOMER_MESSAGE), Map.entry("invoice-copy", INVOICE_COPY),
            Map.entry("dispute-resolved", DISPUTE_RESOLVED), Map.entry("dispute-withdrawn", DISPUTE_WITHDRAWN));

    private Placeholders() {
    }

    /** The placeholders of this code's kind with sample values; empty for a code of no known kind. */
    public static Map<String, String> of(String code) {
        if (BY_CODE.containsKey(code)) {
            return BY_CODE.get(code);
        }
        return code.startsWith("reminder-") ? REMINDER : Map.of();
    }

    /** The placeholders the text uses that its kind does not know, in order of appearance. */
    public static List<String> unknown(String text, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!known.contains(matcher.group(1)) && !unknown.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    private static Map<String, String> sample(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Map.copyOf(values);
    }
}
