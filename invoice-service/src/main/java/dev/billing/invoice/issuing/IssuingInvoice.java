package dev.billing.invoice.issuing;

import dev.billing.events.EventCatalog;
import dev.billing.events.billing.DueRule;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
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
                    amounts.total(), BigDecimal.ZERO, null, null, null, null, null);
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
        String what = "Invoice request " + request.requestId();
        try {
            RequestValues.singleLine("billTo.name", request.billTo().name());
        } catch (ApiProblem e) {
            throw new InvalidEventException(what + ": " + e.getMessage());
        }
        if (request.paymentTermDays() < 0) {
            throw new InvalidEventException(what + " has a negative payment term");
        }
        List<InvoiceCalculator.LineInput> lines = lineInputs(what, request.lines());
        return new Checked(request, currency, amounts(what, currency, lines), event.traceparent());
    }

    /**
     * Lines of an event as the calculator takes them (no discount), refused as {@link InvalidEventException} when they
     * can never be invoiced: none, a quantity that is not positive, a tax rate outside 0-100, a description that would
     * break the PDF or the UBL XML.
     */
    public static List<InvoiceCalculator.LineInput> lineInputs(String what, List<RequestedLine> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new InvalidEventException(what + " has no lines");
        }
        for (int i = 0; i < requested.size(); i++) {
            RequestedLine l = requested.get(i);
            if (l == null || l.quantity() == null || l.unitPrice() == null || l.taxRate() == null || l.description() == null) {
                throw new InvalidEventException(what + " has an incomplete line " + i);
            }
            if (l.quantity().signum() <= 0) {
                throw new InvalidEventException(what + " has a line without a positive quantity");
            }
            if (l.taxRate().signum() < 0 || l.taxRate().compareTo(HUNDRED) > 0) {
                throw new InvalidEventException(what + " has a line with a tax rate outside 0-100");
            }
            try {
                RequestValues.singleLine("lines[" + i + "].description", l.description());
            } catch (ApiProblem e) {
                throw new InvalidEventException(what + ": " + e.getMessage());
            }
        }
        return requested.stream()
                .map(l -> new InvoiceCalculator.LineInput(l.description(), l.quantity(), l.unitPrice(), BigDecimal.ZERO,
                        l.taxRate()))
                .toList();
    }

    /** The amounts of lines of an event; an invoice that would not fit the amount columns can never be issued. */
    public static InvoiceCalculator.Result amounts(String what, Currency currency, List<InvoiceCalculator.LineInput> lines) {
        InvoiceCalculator.Result amounts = InvoiceCalculator.calculate(currency, lines);
        AmountLimits.tooLarge(lines, amounts).ifPresent(field -> {
            throw new InvalidEventException(what + ": " + field
                    + " makes an amount of the invoice too large; " + AmountLimits.RULE);
        });
        return amounts;
    }

    /**
     * Issues the corrected invoice that replaces {@code original} (cancelled by storno by the caller, in the same
     * transaction): the same customer, bill-to, currency, fulfilment date, payment term and due rule, and the same
     * billing request and subscription (the period stays billed, now by this invoice); today's issue date in the
     * customer's time zone and the next number of the original's series. Announced with {@code InvoiceIssued}; what the
     * customer holds as credit (e.g. what was paid on the original) pays it as on every issue.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Invoice issueCorrection(Invoice original, InvoiceCalculator.Result amounts) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(original.billTo().timeZone())));
        DueRule rule = invoices.dueRule(original.id());
        Invoice corrected = new Invoice(UUID.randomUUID(), numbers.next(original.series(), today.getYear()), original.series(),
                InvoiceStatus.ISSUED, original.customerId(), original.requestId(), original.subscriptionId(),
                original.billTo(), today, original.fulfilmentDate() == null ? original.issueDate() : original.fulfilmentDate(),
                rule.dueDate(today, original.paymentTermDays()), original.paymentTermDays(), original.currency(),
                amounts.lines(), amounts.taxSummary(), amounts.netTotal(), amounts.taxTotal(), amounts.total(),
                amounts.total(), BigDecimal.ZERO, null, null, null, original.id(), null);
        invoices.insertAll(List.of(corrected), clock.instant());
        invoices.setDueRule(corrected.id(), rule);
        invoices.markCorrected(original.id(), corrected.id());
        Invoice issuedInvoice = invoices.find(corrected.id()).orElseThrow();
        announce(issuedInvoice);
        payments.issued(issuedInvoice);
        return invoices.find(corrected.id()).orElseThrow();
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

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("Unknown currency " + code);
        }
    }
}
