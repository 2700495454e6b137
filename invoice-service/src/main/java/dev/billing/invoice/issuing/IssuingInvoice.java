package dev.billing.invoice.issuing;

import dev.billing.events.EventCatalog;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.events.invoice.TaxLine;
import dev.billing.support.time.TimeZones;
import dev.billing.invoice.invoice.AmountLimits;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.lifecycle.ApplyingPayment;
import dev.billing.invoice.numbering.InvoiceNumber;
import dev.billing.invoice.numbering.NumberSeries;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.ReceivedEvent;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issues invoices: from an {@code InvoiceRequested} (a subscription's cut date) or from a staff draft.
 * Issuing numbers the invoice, fixes its dates and announces it with {@code InvoiceIssued} in the
 * same transaction. A request id is invoiced once.
 */
@Service
public class IssuingInvoice {
    private static final Logger log = LoggerFactory.getLogger(IssuingInvoice.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private final Invoices invoices;
    private final NumberSeries numbers;
    private final TimeZones zones;
    private final Outbox outbox;
    private final Clock clock;
    private final String series;
    private final Counter issued;
    private final ApplyingPayment payments;

    public IssuingInvoice(Invoices invoices, NumberSeries numbers, TimeZones zones, Outbox outbox, Clock clock,
                          @Value("${invoice.numbering.series:INV}") String series, MeterRegistry meters,
                          ApplyingPayment payments) {
        this.invoices = invoices;
        this.payments = payments;
        this.numbers = numbers;
        this.zones = zones;
        this.outbox = outbox;
        this.clock = clock;
        this.series = series;
        InvoiceNumber.format(series, 2000, 1); // a misconfigured series fails the start, not the first invoice
        this.issued = Counter.builder("invoice.issued").description("invoices issued").register(meters);
    }

    /**
     * Issues the invoices of a batch of requests (one consumed poll) in the caller's transaction: each
     * request checked and computed on its own, then the requests locked and the ones invoiced already
     * (or twice in the batch) dropped in two statements, one number block per series year (within the
     * batch, numbers follow issue dates), and the invoices, their lines and taxes, and the
     * {@code InvoiceIssued} events written in one batch each. A request that can never be issued fails the whole call; the
     * consumer then finds it by splitting the batch.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void issueRequested(List<ReceivedEvent<InvoiceRequested>> events) {
        List<Checked> checked = events.stream().map(this::checked).toList();
        Set<String> invoiced = new HashSet<>(invoices.lockRequests(checked.stream().map(c -> c.request().requestId()).toList()));
        List<Checked> toIssue = new ArrayList<>();
        for (Checked request : checked) {
            if (invoiced.add(request.request().requestId())) {
                toIssue.add(request);
            } else {
                log.info("Invoice request {} was already invoiced", request.request().requestId());
            }
        }
        if (toIssue.isEmpty()) {
            return;
        }
        List<IssueDates> dates = toIssue.stream().map(c -> IssueDates.of(c.request(),
                LocalDate.now(clock.withZone(ZoneId.of(c.request().billTo().timeZone()))))).toList();
        List<String> numbers = IssueDates.numbered(dates, (year, count) -> this.numbers.next(series, year, count));
        List<Invoice> issuedInvoices = new ArrayList<>(toIssue.size());
        List<Outbox.Entry<InvoiceIssued>> announced = new ArrayList<>(toIssue.size());
        for (int i = 0; i < toIssue.size(); i++) {
            InvoiceRequested request = toIssue.get(i).request();
            InvoiceCalculator.Result amounts = toIssue.get(i).amounts();
            Invoice invoice = new Invoice(UUID.randomUUID(), numbers.get(i), series, InvoiceStatus.ISSUED, request.customerId(),
                    request.requestId(), request.subscriptionId(), request.billTo(), dates.get(i).issueDate(),
                    dates.get(i).fulfilmentDate(), dates.get(i).dueDate(), request.paymentTermDays(), toIssue.get(i).currency().getCurrencyCode(),
                    amounts.lines(), amounts.taxSummary(), amounts.netTotal(), amounts.taxTotal(), amounts.total(),
                    amounts.total(), BigDecimal.ZERO, null, null, null);
            issuedInvoices.add(invoice);
            announced.add(new Outbox.Entry<>(invoice.customerId(), "invoice/" + invoice.id(), issuedEvent(invoice),
                    toIssue.get(i).traceparent()));
        }
        invoices.insertAll(issuedInvoices, clock.instant());
        List<Invoice> toSettle = payments.toSettleAtIssue(issuedInvoices);
        outbox.addAll(EventCatalog.INVOICE_ISSUED, announced);
        toSettle.forEach(payments::issued);
        countAfterCommit(issuedInvoices.size());
    }

    /** Counted once committed: a batch rolled back (and applied again, or in halves) counts once. */
    private void countAfterCommit(int count) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                issued.increment(count);
            }
        });
    }

    /** A request that can be issued, with its amounts. */
    private record Checked(InvoiceRequested request, Currency currency, InvoiceCalculator.Result amounts, String traceparent) {
    }

    private Checked checked(ReceivedEvent<InvoiceRequested> event) {
        InvoiceRequested request = event.payload();
        Currency currency = currency(request.currency());
        zones.requireKnownInEvent(request.billTo().timeZone());
        if (request.lines().isEmpty()) {
            throw new InvalidEventException("Invoice request " + request.requestId() + " has no lines");
        }
        if (request.lines().stream().anyMatch(l -> l.quantity().signum() <= 0)) {
            throw new InvalidEventException("Invoice request " + request.requestId() + " has a line without a positive quantity");
        }
        if (request.lines().stream().anyMatch(l -> l.taxRate().signum() < 0 || l.taxRate().compareTo(HUNDRED) > 0)) {
            throw new InvalidEventException("Invoice request " + request.requestId() + " has a line with a tax rate outside 0-100");
        }
        printable(request);
        if (request.paymentTermDays() < 0) {
            throw new InvalidEventException("Invoice request " + request.requestId() + " has a negative payment term");
        }
        List<InvoiceCalculator.LineInput> lines = request.lines().stream()
                .map(l -> new InvoiceCalculator.LineInput(l.description(), l.quantity(), l.unitPrice(), BigDecimal.ZERO,
                        l.taxRate()))
                .toList();
        InvoiceCalculator.Result amounts = InvoiceCalculator.calculate(currency, lines);
        AmountLimits.tooLarge(lines, amounts).ifPresent(field -> {
            throw new InvalidEventException("Invoice request " + request.requestId() + ": " + field
                    + " makes an amount of the invoice too large; " + AmountLimits.RULE);
        });
        return new Checked(request, currency, amounts, event.traceparent());
    }

    /** TO_BE_ISSUED -> ISSUED: the draft gets its number, today's date (account time zone) and due date. */
    @Transactional
    public Invoice issueDraft(UUID id) {
        Invoice draft = invoices.lock(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
        if (!draft.status().canMoveTo(InvoiceStatus.ISSUED)) {
            throw ApiProblem.conflict("status", "only a draft (TO_BE_ISSUED) can be issued; this invoice is " + draft.status());
        }
        if (draft.lines().isEmpty()) {
            throw ApiProblem.unprocessable("lines", "an invoice needs at least one line to be issued");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(draft.billTo().timeZone())));
        LocalDate fulfilment = draft.fulfilmentDate() == null ? today : draft.fulfilmentDate();
        LocalDate due = invoices.dueRule(id).dueDate(today, draft.paymentTermDays());
        String number = numbers.next(series, today.getYear());
        invoices.markIssued(id, number, today, fulfilment, due, clock.instant());
        Invoice issuedInvoice = invoices.find(id).orElseThrow();
        announce(issuedInvoice);
        payments.issued(issuedInvoice);
        return invoices.find(id).orElseThrow();
    }

    private void announce(Invoice invoice) {
        outbox.add(EventCatalog.INVOICE_ISSUED, invoice.customerId(), "invoice/" + invoice.id(), issuedEvent(invoice));
        countAfterCommit(1);
    }

    public static InvoiceIssued issuedEvent(Invoice invoice) {
        return new InvoiceIssued(invoice.id(), invoice.number(), invoice.customerId(), invoice.billTo(), invoice.requestId(),
                invoice.subscriptionId(), invoice.issueDate(), invoice.fulfilmentDate(), invoice.dueDate(), invoice.currency(),
                invoice.lines().stream().map(l -> new InvoiceLine(l.description(), l.quantity(), l.unitPrice(), l.taxRate(),
                        l.netAmount(), l.taxAmount(), l.grossAmount(), l.discountPercent())).toList(),
                invoice.taxSummary().stream().map(t -> new TaxLine(t.taxRate(), t.taxableAmount(), t.taxAmount())).toList(),
                invoice.netTotal(), invoice.taxTotal(), invoice.total(), invoice.openAmount(),
                "/api/invoices/" + invoice.id() + "/pdf");
    }

    /** Text that would break the PDF or the UBL XML never reaches an invoice: such a request can never be issued. */
    private static void printable(InvoiceRequested request) {
        try {
            RequestValues.singleLine("billTo.name", request.billTo().name());
            for (int i = 0; i < request.lines().size(); i++) {
                RequestValues.singleLine("lines[" + i + "].description", request.lines().get(i).description());
            }
        } catch (ApiProblem e) {
            throw new InvalidEventException("Invoice request " + request.requestId() + ": " + e.getMessage());
        }
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("Unknown currency " + code);
        }
    }
}
