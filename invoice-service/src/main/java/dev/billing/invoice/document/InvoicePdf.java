package dev.billing.invoice.document;

import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.CreditAmounts;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Renders the invoice and the storno document as PDF: the XHTML template documents/invoice.xhtml
 * filled in the customer's language ({@link XhtmlPdf}).
 */
@Component
public class InvoicePdf {
    private final Seller seller;
    private final XhtmlPdf renderer;

    public InvoicePdf(Seller seller, XhtmlPdf renderer) {
        this.seller = seller;
        this.renderer = renderer;
    }

    /** The invoice as issued. */
    public byte[] invoice(Invoice invoice) {
        requireIssued(invoice);
        return pdf(invoice, false, null, List.of());
    }

    /**
     * The storno document, under the storno number: the original's lines with the opposite sign, less
     * what its credit notes ({@code credited}, per tax rate) already took off, so it reverses only what
     * still stands.
     */
    public byte[] storno(Invoice invoice, LocalDate stornoDate, List<InvoiceCalculator.TaxRate> credited) {
        requireIssued(invoice);
        if (invoice.stornoNumber() == null) {
            throw new IllegalArgumentException("Invoice " + invoice.number() + " has no storno");
        }
        return pdf(invoice, true, stornoDate, credited);
    }

    private byte[] pdf(Invoice invoice, boolean storno, LocalDate stornoDate, List<InvoiceCalculator.TaxRate> credited) {
        DocumentLanguage language = DocumentLanguage.of(invoice.billTo().language());
        return renderer.render("invoice", language, model(invoice, language, storno, stornoDate, credited));
    }

    private Map<String, Object> model(Invoice invoice, DocumentLanguage language, boolean storno, LocalDate stornoDate,
                                      List<InvoiceCalculator.TaxRate> credited) {
        int minorDigits = Money.minorDigits(Currency.getInstance(invoice.currency()));
        // a storno reverses the original: same lines, amounts and quantities with the opposite sign
        int sign = storno ? -1 : 1;
        Map<String, Object> model = new HashMap<>();
        model.put("lang", language.code());
        model.put("labels", language.labels());
        model.put("storno", storno);
        model.put("title", language.label(storno ? "storno" : "invoice"));
        model.put("documentNumber", storno ? invoice.stornoNumber() : invoice.number());
        model.put("invoiceNumber", invoice.number());
        model.put("stornoDate", language.date(stornoDate));
        model.put("reason", invoice.cancelReason() == null ? "" : PrintableText.of(invoice.cancelReason()));
        model.put("issueDate", language.date(invoice.issueDate()));
        model.put("fulfilmentDate", language.date(invoice.fulfilmentDate()));
        model.put("dueDate", language.date(invoice.dueDate()));
        model.put("currency", invoice.currency());
        model.put("seller", seller.printed());
        model.put("billTo", billTo(PrintableText.of(invoice.billTo().name()), PrintableText.of(invoice.billTo().email()),
                PrintableText.of(invoice.billTo().phone())));

        List<Map<String, String>> lines = new ArrayList<>();
        for (InvoiceCalculator.Line line : invoice.lines()) {
            Map<String, String> row = new HashMap<>();
            row.put("description", PrintableText.of(line.description()));
            row.put("quantity", language.number(signed(line.quantity(), sign)));
            row.put("unitPrice", language.price(line.unitPrice(), minorDigits));
            row.put("discount", line.discountPercent().signum() == 0 ? "" : language.number(line.discountPercent()));
            row.put("taxRate", language.number(line.taxRate()));
            row.put("net", language.amount(signed(line.netAmount(), sign)));
            lines.add(row);
        }
        BigDecimal creditedNet = credited.stream().map(InvoiceCalculator.TaxRate::taxableAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (creditedNet.signum() != 0) {
            Map<String, String> row = new HashMap<>();
            row.put("description", language.label("creditedBefore"));
            row.put("quantity", "");
            row.put("unitPrice", "");
            row.put("discount", "");
            row.put("taxRate", "");
            row.put("net", language.amount(creditedNet));
            lines.add(row);
        }
        model.put("lines", lines);

        List<InvoiceCalculator.TaxRate> standing = CreditAmounts.remaining(invoice.taxSummary(), credited);
        List<Map<String, String>> taxes = new ArrayList<>();
        for (InvoiceCalculator.TaxRate rate : standing) {
            Map<String, String> row = new HashMap<>();
            row.put("rate", language.percent(rate.taxRate()));
            row.put("taxable", language.amount(signed(rate.taxableAmount(), sign)));
            row.put("tax", language.amount(signed(rate.taxAmount(), sign)));
            row.put("gross", language.amount(signed(rate.taxableAmount().add(rate.taxAmount()), sign)));
            taxes.add(row);
        }
        model.put("taxes", taxes);
        BigDecimal net = standing.stream().map(InvoiceCalculator.TaxRate::taxableAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal tax = standing.stream().map(InvoiceCalculator.TaxRate::taxAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        model.put("netTotal", language.amount(signed(net, sign)));
        model.put("taxTotal", language.amount(signed(tax, sign)));
        model.put("total", language.amount(signed(net.add(tax), sign)));
        return model;
    }

    private static Map<String, String> billTo(String name, String email, String phone) {
        Map<String, String> party = new HashMap<>();
        party.put("name", name);
        party.put("email", blankIfNull(email));
        party.put("phone", blankIfNull(phone));
        return party;
    }

    private static BigDecimal signed(BigDecimal value, int sign) {
        return sign < 0 ? value.negate() : value;
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }

    private static void requireIssued(Invoice invoice) {
        if (invoice.number() == null) {
            throw new IllegalArgumentException("A draft has no document: invoice " + invoice.id());
        }
    }
}
