package dev.billing.dispute.dispute;

import dev.billing.dispute.attachment.AttachmentRules;
import dev.billing.dispute.invoice.InvoiceCopies;
import dev.billing.dispute.invoice.ObjectionWindow;
import dev.billing.events.EventCatalog;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens a dispute on an invoice, from the portal (the customer, {@code openedBy} CUSTOMER) or by staff (STAFF): every
 * check first (reason, message, files, the invoice known, the customer's own, still open, no other open dispute on it,
 * the amount or lines), then, under the invoice's row lock, the dispute, its first message and files and
 * {@code DisputeOpened} in one transaction. The 8-day objection window and the first-response due time are fixed at
 * opening; a dispute after the window is accepted as a late objection. The opening message travels in
 * {@code DisputeOpened.description}; no {@code DisputeMessagePosted} is published for it. The first-response time
 * ({@code dispute.first-response-business-days}) is checked when the service starts: below one business day it does
 * not start.
 */
@Service
public class OpeningDispute {
    private final Disputes disputes;
    private final InvoiceCopies invoices;
    private final Outbox outbox;
    private final DisputeMetrics metrics;
    private final Clock clock;
    private final int businessDays;

    OpeningDispute(Disputes disputes, InvoiceCopies invoices, Outbox outbox, DisputeMetrics metrics, Clock clock,
                   @Value("${dispute.first-response-business-days}") int businessDays) {
        this.disputes = disputes;
        this.invoices = invoices;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.businessDays = FirstResponseSla.requireValid(businessDays);
    }

    /** What the opener sends (JSON, or the {@code dispute} part of a multipart request). */
    public record Request(UUID invoiceId, String reason, String amount, List<DisputedAmount.LineRequest> lines, String message) {
    }

    /** {@code customer}: the portal's customer (only their invoices), null for staff. */
    @Transactional
    public Dispute open(Request request, List<AttachmentRules.Upload> files, UUID customer) {
        if (request.invoiceId() == null) {
            throw ApiProblem.badRequest("invoiceId", "is required");
        }
        Reason reason = Reason.parse("reason", request.reason());
        String message = MessageText.of("message", request.message());
        List<AttachmentRules.Checked> checked = AttachmentRules.check(files);
        InvoiceCopies.InvoiceCopy invoice = invoices.lock(request.invoiceId())
                .filter(InvoiceCopies.InvoiceCopy::seen)
                .filter(copy -> customer == null || copy.customerId().equals(customer))
                .orElseThrow(() -> ApiProblem.notFound("invoiceId", "Invoice", request.invoiceId()));
        if (!InvoiceCopies.OPEN.equals(invoice.status())) {
            throw ApiProblem.conflict("invoiceId", "invoice " + invoice.number() + " is " + invoice.status()
                    + "; only an open invoice can be disputed");
        }
        if (disputes.openExistsFor(invoice.invoiceId())) {
            throw ApiProblem.conflict("invoiceId", "invoice " + invoice.number() + " already has an open dispute");
        }
        DisputedAmount disputed = DisputedAmount.of(request.amount(), request.lines(), invoice.facts(), true);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        ObjectionWindow window = invoice.objectionWindow();
        String openedBy = customer == null ? Dispute.STAFF : Dispute.CUSTOMER;
        Dispute dispute = new Dispute(UUID.randomUUID(), disputes.nextNumber(), invoice.customerId(), invoice.customerName(),
                invoice.invoiceId(), invoice.number(), invoice.currency(), invoice.total(), reason, disputed.amount(), disputed.lines(),
                DisputeStatus.OPEN, openedBy, now, invoice.zone().getId(), null,
                FirstResponseSla.respondBy(now, invoice.zone(), businessDays), null, null, invoice.deliveredAt(), window.deadline(),
                window.isLate(now), null, null, null, null, null, null, null, null, null, null, null, null);
        disputes.insert(dispute, now);
        String author = customer == null ? Staff.name() : customerName(invoice);
        disputes.addMessage(dispute.id(), openedBy, author, message, false, false, checked, now);
        outbox.add(EventCatalog.DISPUTE_OPENED, dispute.customerId(), "dispute/" + dispute.id(),
                new DisputeOpened(dispute.id(), dispute.customerId(), dispute.invoiceId(), reason.name(), message, dispute.currency(),
                        dispute.disputedAmount(), now, dispute.lines(), openedBy, dispute.objectionDeadline(), dispute.lateObjection(),
                        dispute.respondBy()));
        metrics.opened(reason);
        return dispute;
    }

    static String customerName(InvoiceCopies.InvoiceCopy invoice) {
        return invoice.customerName() == null || invoice.customerName().isBlank() ? "customer" : invoice.customerName();
    }
}
