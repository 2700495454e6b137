package dev.billing.dispute.dispute;

import dev.billing.dispute.attachment.AttachmentRules;
import dev.billing.dispute.invoice.InvoiceCopies;
import dev.billing.events.EventCatalog;
import dev.billing.events.dispute.DisputeMessagePosted;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A message in a dispute's thread, with up to 5 files. Staff may write internal notes, which never leave
 * dispute-service (no event, not in the portal). A staff message the customer sees is the first response if none was
 * given, and puts an OPEN dispute under review. The customer may ask for a copy of the invoice. Each message the
 * customer may see is published as {@code DisputeMessagePosted} in the same transaction (side, assignee, file names,
 * whether a copy was asked for), so that the other side is told.
 */
@Service
public class PostingMessage {
    private final Disputes disputes;
    private final InvoiceCopies invoices;
    private final Outbox outbox;
    private final DisputeMetrics metrics;
    private final Clock clock;

    PostingMessage(Disputes disputes, InvoiceCopies invoices, Outbox outbox, DisputeMetrics metrics, Clock clock) {
        this.disputes = disputes;
        this.invoices = invoices;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public Dispute.Message byStaff(UUID disputeId, String bodyText, boolean internal, List<AttachmentRules.Upload> files) {
        String body = MessageText.of("body", bodyText);
        List<AttachmentRules.Checked> checked = AttachmentRules.check(files);
        Dispute dispute = disputes.lock(disputeId).orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        dispute.status().requireActive();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Dispute.Message message = disputes.addMessage(dispute.id(), Dispute.STAFF, Staff.name(), body, internal, false, checked, now);
        if (!internal) {
            disputes.answered(dispute.id(), dispute.status().afterStaffTookIt(), now, now);
            if (dispute.firstResponseAt() == null) {
                metrics.firstResponse(dispute.openedAt(), now);
            }
            publish(dispute, message);
        }
        return message;
    }

    /** {@code customer}: the portal's customer; another customer's dispute is a 404. */
    @Transactional
    public Dispute.Message byCustomer(UUID customer, UUID disputeId, String bodyText, boolean requestInvoiceCopy,
                                      List<AttachmentRules.Upload> files) {
        String body = MessageText.of("body", bodyText);
        List<AttachmentRules.Checked> checked = AttachmentRules.check(files);
        Dispute dispute = disputes.lock(disputeId).filter(d -> d.customerId().equals(customer))
                .orElseThrow(() -> ApiProblem.notFound("Dispute", disputeId));
        dispute.status().requireActive();
        String author = invoices.find(dispute.invoiceId()).map(OpeningDispute::customerName)
                .orElse(dispute.customerName() == null ? "customer" : dispute.customerName());
        Dispute.Message message = disputes.addMessage(dispute.id(), Dispute.CUSTOMER, author, body, false, requestInvoiceCopy, checked,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        publish(dispute, message);
        return message;
    }

    private void publish(Dispute dispute, Dispute.Message message) {
        outbox.add(EventCatalog.DISPUTE_MESSAGE_POSTED, dispute.customerId(), "dispute/" + dispute.id(),
                new DisputeMessagePosted(dispute.id(), dispute.customerId(), message.id(), message.author(), message.body(),
                        message.postedAt(), dispute.invoiceId(), message.side(), dispute.assignee(),
                        message.attachments().stream().map(Dispute.Attachment::fileName).toList(), message.invoiceCopyRequested()));
    }
}
