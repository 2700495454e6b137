package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.invoice.account.CustomerCredits;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.numbering.InvoiceNumber;
import dev.billing.invoice.numbering.NumberSeries;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Storno: an issued or partly paid invoice is cancelled by a storno document numbered in its own
 * series; the invoice keeps its number and its open amount drops to zero.
 */
@Service
public class CancellingInvoice {
    private final Invoices invoices;
    private final NumberSeries numbers;
    private final Outbox outbox;
    private final Clock clock;
    private final String stornoSeries;
    private final CustomerCredits credits;

    public CancellingInvoice(Invoices invoices, NumberSeries numbers, Outbox outbox, Clock clock,
                             @Value("${invoice.numbering.storno-series:STR}") String stornoSeries, CustomerCredits credits) {
        this.credits = credits;
        this.invoices = invoices;
        this.numbers = numbers;
        this.outbox = outbox;
        this.clock = clock;
        this.stornoSeries = stornoSeries;
        InvoiceNumber.format(stornoSeries, 2000, 1); // a misconfigured series fails the start
    }

    @Transactional
    public Invoice cancel(UUID id, String reason) {
        return cancel(id, reason, false);
    }

    /**
     * Storno of an invoice that a corrected invoice replaces (a dispute's REISSUE outcome), in the caller's
     * transaction. Its {@code InvoiceCancelled} names no billing request: the request and its period move on to the
     * corrected invoice, so billing must neither release the period for billing again nor put its charges back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Invoice cancelReplaced(UUID id, String reason) {
        return cancel(id, reason, true);
    }

    private Invoice cancel(UUID id, String reason, boolean replaced) {
        Invoice invoice = invoices.lock(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
        if (!invoice.status().canMoveTo(InvoiceStatus.CANCELLED)) {
            throw ApiProblem.conflict("status", "an invoice that is " + invoice.status()
                    + " cannot be cancelled; only ISSUED or PARTIALLY_PAID invoices can");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(invoice.billTo().timeZone())));
        String stornoNumber = numbers.next(stornoSeries, today.getYear());
        invoices.markCancelled(id, stornoNumber, reason, clock.instant());
        // what was already paid is not owed any more: it stays with the customer as credit
        BigDecimal paid = credits.paidOn(id, invoice.currency());
        if (paid.signum() > 0) {
            credits.change(invoice.customerId(), invoice.currency(), paid, CustomerCredits.STORNO, id, null);
        }
        outbox.add(EventCatalog.INVOICE_CANCELLED, invoice.customerId(), "invoice/" + id,
                new InvoiceCancelled(id, invoice.number(), invoice.customerId(), stornoNumber, invoice.currency(),
                        invoice.total(), reason, clock.instant(), invoice.reversedByStorno(),
                        replaced ? null : invoice.requestId(), replaced ? null : invoice.subscriptionId()));
        return invoices.find(id).orElseThrow();
    }
}
