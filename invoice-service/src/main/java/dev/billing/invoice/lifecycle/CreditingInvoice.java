package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.numbering.InvoiceNumber;
import dev.billing.invoice.numbering.NumberSeries;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import dev.billing.invoice.invoice.InvoiceCalculator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A credit note (own series) reduces an open invoice by an amount or by lines; the issued invoice itself never changes. */
@Service
public class CreditingInvoice {
    private final Invoices invoices;
    private final NumberSeries numbers;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final String series;

    public CreditingInvoice(Invoices invoices, NumberSeries numbers, JdbcClient jdbc, Outbox outbox, Clock clock,
                            @Value("${invoice.numbering.credit-note-series:CRN}") String series) {
        this.invoices = invoices;
        this.numbers = numbers;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.series = series;
        InvoiceNumber.format(series, 2000, 1); // a misconfigured series fails the start
    }

    public record CreditNote(UUID id, String number, UUID invoiceId, String invoiceNumber, LocalDate issueDate,
                             String currency, BigDecimal amount, BigDecimal invoiceOpenAmount, String reason) {
    }

    /** A line of the invoice (by position) and how much of its quantity to credit. */
    public record LineCredit(int line, BigDecimal quantity) {
    }

    /** Credits parts of lines: each line's gross amount in proportion to the quantity credited. */
    @Transactional
    public CreditNote creditLines(UUID invoiceId, List<LineCredit> lines, String reason) {
        Invoice invoice = invoices.lock(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId));
        BigDecimal amount = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            LineCredit credit = lines.get(i);
            if (credit.line() < 0 || credit.line() >= invoice.lines().size()) {
                throw ApiProblem.badRequest("lines[" + i + "].line", "must be a line position from 0 to " + (invoice.lines().size() - 1));
            }
            InvoiceCalculator.Line line = invoice.lines().get(credit.line());
            if (credit.quantity().compareTo(line.quantity()) > 0) {
                throw ApiProblem.unprocessable("lines[" + i + "].quantity", "exceeds the line's quantity " + line.quantity());
            }
            amount = amount.add(line.grossAmount().multiply(credit.quantity()).divide(line.quantity(), 10, RoundingMode.HALF_UP));
        }
        return credit(invoice, amount, reason);
    }

    @Transactional
    public CreditNote credit(UUID invoiceId, BigDecimal amount, String reason) {
        return credit(invoices.lock(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId)), amount, reason);
    }

    private CreditNote credit(Invoice invoice, BigDecimal amount, String reason) {
        UUID invoiceId = invoice.id();
        if (!invoice.status().isOpen()) {
            throw ApiProblem.conflict("status", "only an open (ISSUED or PARTIALLY_PAID) invoice can be credited; this one is "
                    + invoice.status());
        }
        BigDecimal credit = new Money(amount, Currency.getInstance(invoice.currency())).rounded().amount();
        if (credit.signum() <= 0) {
            throw ApiProblem.badRequest("amount", "must be greater than zero in " + invoice.currency());
        }
        if (credit.compareTo(invoice.openAmount()) > 0) {
            throw ApiProblem.unprocessable("amount", "exceeds the open amount " + invoice.openAmount() + " " + invoice.currency());
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(invoice.billTo().timeZone())));
        String number = numbers.next(series, today.getYear());
        BigDecimal open = invoice.openAmount().subtract(credit);
        CreditNote note = new CreditNote(UUID.randomUUID(), number, invoiceId, invoice.number(), today, invoice.currency(),
                credit, open, reason);
        jdbc.sql("""
                        insert into credit_note (id, number, invoice_id, customer_id, issue_date, currency, amount, reason, created_at)
                        values (:id, :number, :invoiceId, :customerId, :issueDate, :currency, :amount, :reason, :at)""")
                .param("id", note.id()).param("number", number).param("invoiceId", invoiceId)
                .param("customerId", invoice.customerId()).param("issueDate", today).param("currency", invoice.currency())
                .param("amount", credit).param("reason", reason).param("at", Timestamp.from(clock.instant()))
                .update();
        invoices.addCredit(invoiceId, credit, open);
        outbox.add(EventCatalog.CREDIT_NOTE_ISSUED, invoice.customerId(), "invoice/" + invoiceId,
                new CreditNoteIssued(note.id(), number, invoiceId, invoice.number(), invoice.customerId(), today,
                        invoice.currency(), credit, open, reason, null));
        return note;
    }
}
