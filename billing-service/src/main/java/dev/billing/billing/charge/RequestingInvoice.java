package dev.billing.billing.charge;

import dev.billing.billing.customer.Customer;
import dev.billing.billing.terms.PaymentTerms;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.support.events.Outbox;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emits one {@code InvoiceRequested}: the given lines plus the customer's pending charges and credits
 * in that currency, which are marked as billed by the same request in the same transaction.
 */
@Service
public class RequestingInvoice {
    private final PendingCharges pending;
    private final Outbox outbox;
    private final Clock clock;

    public RequestingInvoice(PendingCharges pending, Outbox outbox, Clock clock) {
        this.pending = pending;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Returns false when nothing is to be invoiced (no lines at all). {@code fulfilmentDate} is the date
     * of supply: the period end for a period billed in arrears, the cut date (period start) otherwise.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean request(String requestId, Customer customer, UUID subscriptionId, String currency, PaymentTerms terms,
                           LocalDate issueDate, LocalDate periodStart, LocalDate periodEnd, LocalDate fulfilmentDate,
                           List<RequestedLine> periodLines) {
        Optional<Outbox.Entry<InvoiceRequested>> request = compose(requestId, customer, subscriptionId, currency, terms,
                issueDate, periodStart, periodEnd, fulfilmentDate, periodLines, true);
        request.ifPresent(entry -> outbox.addAll(EventCatalog.INVOICE_REQUESTED, List.of(entry)));
        return request.isPresent();
    }

    /**
     * {@link #request} without adding the event: the caller adds it, with others (a billing run's page).
     * {@code mayHaveCharges} false says that the customer has no pending charge at all (the caller
     * looked for many customers at once), so none is looked for.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Outbox.Entry<InvoiceRequested>> compose(String requestId, Customer customer, UUID subscriptionId,
                                                            String currency, PaymentTerms terms, LocalDate issueDate,
                                                            LocalDate periodStart, LocalDate periodEnd,
                                                            LocalDate fulfilmentDate, List<RequestedLine> periodLines,
                                                            boolean mayHaveCharges) {
        InvoiceComposer.Composition composition = InvoiceComposer.compose(currency, periodLines,
                mayHaveCharges ? pending.lockOpen(customer.id(), currency) : List.of());
        if (composition.lines().isEmpty()) {
            return Optional.empty();
        }
        pending.markBilled(composition.usedChargeIds(), requestId);
        composition.partlyUsed().forEach(part -> pending.split(part, requestId, clock.instant()));
        return Optional.of(new Outbox.Entry<>(customer.id(),
                subscriptionId == null ? "customer/" + customer.id() : "subscription/" + subscriptionId,
                new InvoiceRequested(requestId, customer.id(), subscriptionId,
                        new BillTo(customer.name(), customer.email(), customer.phone(), customer.language(),
                                customer.timeZone().getId()),
                        issueDate, periodStart, periodEnd, currency, terms.days(), composition.lines(),
                        terms.dueDate(issueDate), fulfilmentDate),
                outbox.currentTraceparent()));
    }
}
