package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.events.invoice.TaxLine;
import dev.billing.invoice.invoice.CreditAmounts;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.numbering.InvoiceNumber;
import dev.billing.invoice.numbering.NumberSeries;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import dev.billing.invoice.invoice.InvoiceCalculator;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
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

    /** What a credit note would be: its amount, tax per rate, the credited line quantities and the open amount after. */
    public record Computed(Invoice invoice, BigDecimal amount, List<InvoiceCalculator.TaxRate> rates,
                           Map<Integer, BigDecimal> quantities) {
        public BigDecimal openAfter() {
            return invoice.openAmount().subtract(amount);
        }
    }

    /**
     * Credits parts of lines, at most what is still uncredited of each line; the amount and tax are
     * computed per rate as on the invoice ({@link CreditAmounts#byLines}).
     */
    @Transactional
    public CreditNote creditLines(UUID invoiceId, List<LineCredit> lines, String reason) {
        return creditLines(invoiceId, lines, reason, null);
    }

    /** As {@link #creditLines(UUID, List, String)}, for the dispute {@code disputeId} (null: none). */
    @Transactional
    public CreditNote creditLines(UUID invoiceId, List<LineCredit> lines, String reason, UUID disputeId) {
        Invoice invoice = invoices.lock(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId));
        return write(byLines(invoice, lines), reason, disputeId);
    }

    /** Credits an amount (gross), split over the tax rates in proportion to what is still uncredited of each. */
    @Transactional
    public CreditNote credit(UUID invoiceId, BigDecimal amount, String reason) {
        return credit(invoiceId, amount, reason, null);
    }

    /** As {@link #credit(UUID, BigDecimal, String)}, for the dispute {@code disputeId} (null: none). */
    @Transactional
    public CreditNote credit(UUID invoiceId, BigDecimal amount, String reason, UUID disputeId) {
        Invoice invoice = invoices.lock(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId));
        return write(byAmount(invoice, amount), reason, disputeId);
    }

    /** The credit note {@link #creditLines} would issue now, checked the same way; nothing is written. */
    @Transactional(readOnly = true)
    public Computed previewLines(UUID invoiceId, List<LineCredit> lines) {
        return byLines(invoices.find(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId)), lines);
    }

    /** The credit note {@link #credit} would issue now, checked the same way; nothing is written. */
    @Transactional(readOnly = true)
    public Computed previewAmount(UUID invoiceId, BigDecimal amount) {
        return byAmount(invoices.find(invoiceId).orElseThrow(() -> ApiProblem.notFound("Invoice", invoiceId)), amount);
    }

    /** The credit note issued for the dispute, if there is one. */
    public java.util.Optional<UUID> forDispute(UUID disputeId) {
        return jdbc.sql("select id from credit_note where dispute_id = :id").param("id", disputeId).query(UUID.class).optional();
    }

    private Computed byLines(Invoice invoice, List<LineCredit> lines) {
        UUID invoiceId = invoice.id();
        Map<Integer, BigDecimal> before = creditedQuantities(invoiceId);
        Map<Integer, BigDecimal> now = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            LineCredit credit = lines.get(i);
            if (credit.line() < 0 || credit.line() >= invoice.lines().size()) {
                throw ApiProblem.badRequest("lines[" + i + "].line", "must be a line position from 0 to " + (invoice.lines().size() - 1));
            }
            if (now.containsKey(credit.line())) {
                throw ApiProblem.badRequest("lines[" + i + "].line", "line " + credit.line() + " is listed twice");
            }
            BigDecimal creditable = invoice.lines().get(credit.line()).quantity()
                    .subtract(before.getOrDefault(credit.line(), BigDecimal.ZERO));
            if (credit.quantity().compareTo(creditable) > 0) {
                throw ApiProblem.unprocessable("lines[" + i + "].quantity", "exceeds what is still creditable of the line: "
                        + creditable.stripTrailingZeros().toPlainString());
            }
            now.put(credit.line(), credit.quantity());
        }
        List<InvoiceCalculator.TaxRate> rates = CreditAmounts.capped(
                CreditAmounts.byLines(Currency.getInstance(invoice.currency()), invoice.lines(), before, now),
                CreditAmounts.remaining(invoice.taxSummary(), invoices.creditedPerRate(invoiceId)));
        BigDecimal credit = CreditAmounts.total(rates);
        requireCreditable(invoice, credit);
        return new Computed(invoice, credit, rates, now);
    }

    private Computed byAmount(Invoice invoice, BigDecimal amount) {
        BigDecimal credit;
        try {
            credit = Money.exact(amount, invoice.currency());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("amount", e.getMessage());
        }
        requireCreditable(invoice, credit);
        List<InvoiceCalculator.TaxRate> remaining = CreditAmounts.remaining(invoice.taxSummary(),
                invoices.creditedPerRate(invoice.id()));
        return new Computed(invoice, credit, CreditAmounts.byAmount(Currency.getInstance(invoice.currency()), remaining, credit),
                Map.of());
    }

    private static void requireCreditable(Invoice invoice, BigDecimal credit) {
        if (!invoice.status().isOpen()) {
            throw ApiProblem.conflict("status", "only an open (ISSUED or PARTIALLY_PAID) invoice can be credited; this one is "
                    + invoice.status());
        }
        if (credit.signum() <= 0) {
            throw ApiProblem.badRequest("amount", "must be greater than zero in " + invoice.currency());
        }
        if (credit.compareTo(invoice.openAmount()) > 0) {
            throw ApiProblem.unprocessable("amount", "exceeds the open amount " + invoice.openAmount() + " " + invoice.currency());
        }
    }

    private Map<Integer, BigDecimal> creditedQuantities(UUID invoiceId) {
        Map<Integer, BigDecimal> credited = new TreeMap<>();
        jdbc.sql("select position, sum(quantity) from credit_note_line where invoice_id = :id group by position")
                .param("id", invoiceId)
                .query((rs, n) -> credited.put(rs.getInt(1), rs.getBigDecimal(2)))
                .list();
        return credited;
    }

    private CreditNote write(Computed computed, String reason, UUID disputeId) {
        Invoice invoice = computed.invoice();
        BigDecimal credit = computed.amount();
        List<InvoiceCalculator.TaxRate> rates = computed.rates();
        Map<Integer, BigDecimal> quantities = computed.quantities();
        UUID invoiceId = invoice.id();
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(invoice.billTo().timeZone())));
        String number = numbers.next(series, today.getYear());
        BigDecimal open = invoice.openAmount().subtract(credit);
        CreditNote note = new CreditNote(UUID.randomUUID(), number, invoiceId, invoice.number(), today, invoice.currency(),
                credit, open, reason);
        jdbc.sql("""
                        insert into credit_note (id, number, invoice_id, customer_id, issue_date, currency, amount, reason, created_at,
                            dispute_id)
                        values (:id, :number, :invoiceId, :customerId, :issueDate, :currency, :amount, :reason, :at,
                            :disputeId)""")
                .param("id", note.id()).param("number", number).param("invoiceId", invoiceId)
                .param("customerId", invoice.customerId()).param("issueDate", today).param("currency", invoice.currency())
                .param("amount", credit).param("reason", reason).param("at", Timestamp.from(clock.instant()))
                .param("disputeId", disputeId)
                .update();
        quantities.forEach((position, quantity) -> jdbc.sql("""
                        insert into credit_note_line (credit_note_id, invoice_id, position, quantity)
                        values (:note, :invoice, :position, :quantity)""")
                .param("note", note.id()).param("invoice", invoiceId).param("position", position).param("quantity", quantity)
                .update());
        rates.forEach(rate -> jdbc.sql("""
                        insert into credit_note_tax (credit_note_id, tax_rate, taxable_amount, tax_amount)
                        values (:note, :rate, :taxable, :tax)""")
                .param("note", note.id()).param("rate", rate.taxRate()).param("taxable", rate.taxableAmount())
                .param("tax", rate.taxAmount())
                .update());
        invoices.addCredit(invoiceId, credit, open);
        outbox.add(EventCatalog.CREDIT_NOTE_ISSUED, invoice.customerId(), "invoice/" + invoiceId,
                new CreditNoteIssued(note.id(), number, invoiceId, invoice.number(), invoice.customerId(), today,
                        invoice.currency(), credit, open, reason,
                        rates.stream().map(r -> new TaxLine(r.taxRate(), r.taxableAmount(), r.taxAmount())).toList()));
        return note;
    }
}
