package dev.billing.invoice.statement;

import dev.billing.invoice.document.DocumentLanguage;
import dev.billing.invoice.document.PrintableText;
import dev.billing.invoice.document.Seller;
import dev.billing.invoice.document.XhtmlPdf;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The statement of account as PDF: documents/statement.xhtml, in the invoices' style and languages. */
@Component
public class StatementPdf {
    private final Seller seller;
    private final XhtmlPdf renderer;

    public StatementPdf(Seller seller, XhtmlPdf renderer) {
        this.seller = seller;
        this.renderer = renderer;
    }

    /** {@code customerName} may be null (an account this service has not heard of yet): the id is printed instead. */
    public byte[] render(UUID customerId, String customerName, StatementPeriod period, List<Statement> statements,
                         DocumentLanguage language) {
        Map<String, Object> model = new HashMap<>();
        model.put("lang", language.code());
        model.put("labels", language.labels());
        model.put("seller", seller.printed());
        model.put("customerName", customerName == null ? customerId.toString() : PrintableText.of(customerName));
        model.put("customerId", customerId.toString());
        model.put("from", language.date(period.from()));
        model.put("to", language.date(period.to()));
        model.put("currencies", statements.stream().map(s -> currency(s, language)).toList());
        return renderer.render("statement", language, model);
    }

    private static Map<String, Object> currency(Statement statement, DocumentLanguage language) {
        Map<String, Object> currency = new HashMap<>();
        currency.put("currency", statement.currency());
        currency.put("opening", language.amount(statement.openingBalance()));
        currency.put("totalDebit", language.amount(statement.totalDebit()));
        currency.put("totalCredit", language.amount(statement.totalCredit()));
        currency.put("closing", language.amount(statement.closingBalance()));
        currency.put("lines", statement.lines().stream().map(line -> {
            Map<String, String> row = new HashMap<>();
            Statement.Entry entry = line.entry();
            row.put("date", language.date(entry.date()));
            row.put("kind", language.label("kind" + entry.kind().name()));
            row.put("reference", PrintableText.of(entry.reference()));
            // an invoice's own row names it already as its reference
            row.put("invoice", entry.invoiceNumber() == null || entry.kind() == Statement.Kind.INVOICE ? "" : entry.invoiceNumber());
            row.put("debit", amountOrBlank(line.debit(), language));
            row.put("credit", amountOrBlank(line.credit(), language));
            row.put("balance", language.amount(line.balance()));
            return row;
        }).toList());
        return currency;
    }

    private static String amountOrBlank(BigDecimal amount, DocumentLanguage language) {
        return amount == null ? "" : language.amount(amount);
    }
}
