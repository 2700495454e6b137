package dev.billing.dispute.dispute;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.billing.dispute.invoice.InvoiceCopies;
import dev.billing.dispute.invoice.ObjectionWindow;
import dev.billing.events.billing.RequestedLine;
import dev.billing.events.dispute.DisputedLine;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Disputes as the API shows them ({@code DisputeView}): amounts as decimal strings in the currency's minor digits,
 * lines with their invoice descriptions, the SLA and objection clocks, the thread. Portal views never contain
 * internal notes, and no proposal (a proposal is staff's until it is approved and becomes the outcome).
 */
@Component
public class DisputeViews {
    private final Disputes disputes;
    private final InvoiceCopies invoices;
    private final Clock clock;

    DisputeViews(Disputes disputes, InvoiceCopies invoices, Clock clock) {
        this.disputes = disputes;
        this.invoices = invoices;
        this.clock = clock;
    }

    public record LineView(int line, String quantity, String description) {
    }

    public record CorrectedLineView(String description, String quantity, String unitPrice, String taxRate) {
    }

    public record ProposalView(String outcome, String amount, List<LineView> lines, List<CorrectedLineView> correctedLines,
                               String resolution, String proposedBy, Instant proposedAt) {
    }

    public record AttachmentView(UUID id, String fileName, String contentType, long size) {
    }

    public record MessageView(UUID id, String side, String author, String body, boolean internal, Instant postedAt,
                              boolean invoiceCopyRequested, List<AttachmentView> attachments) {
    }

    /** A dispute; {@code messages} is left out of lists. */
    public record DisputeView(UUID id, String number, UUID customerId, String customerName, UUID invoiceId, String invoiceNumber,
                              String currency, String invoiceTotal, String invoiceOpenAmount, String reason, String disputedAmount,
                              List<LineView> lines, String status, String openedBy, Instant openedAt, String assignee,
                              Instant respondBy, Instant firstResponseAt, boolean responseOverdue, Instant deliveredAt,
                              Instant objectionDeadline, boolean lateObjection, ProposalView proposal, String outcome,
                              String resolution, Instant resolvedAt, String approvedBy,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<MessageView> messages) {
    }

    public record PageView(List<DisputeView> items, long total, int page, int size) {
    }

    public record ItemsView(List<DisputeView> items) {
    }

    public record InvoiceDisputesView(UUID invoiceId, String invoiceNumber, String status, String currency, String openAmount,
                                      LocalDate issueDate, Instant deliveredAt, Instant objectionDeadline,
                                      boolean withinObjectionWindow, List<DisputeView> disputes) {
    }

    public DisputeView staff(Dispute dispute) {
        return view(dispute, invoices.find(dispute.invoiceId()).orElse(null), disputes.messages(dispute.id(), true), true);
    }

    public DisputeView portal(Dispute dispute) {
        return view(dispute, invoices.find(dispute.invoiceId()).orElse(null), disputes.messages(dispute.id(), false), false);
    }

    /** Disputes without their threads (lists). */
    public List<DisputeView> summaries(Collection<Dispute> list, boolean staff) {
        Map<UUID, InvoiceCopies.InvoiceCopy> copies = invoices.findAll(list.stream().map(Dispute::invoiceId).collect(Collectors.toSet()));
        return list.stream().map(d -> view(d, copies.get(d.invoiceId()), null, staff)).toList();
    }

    /** The invoice with its objection window and disputes; {@code customer} non-null: only that customer's invoice (else 404). */
    public InvoiceDisputesView invoice(UUID invoiceId, UUID customer) {
        InvoiceCopies.InvoiceCopy invoice = invoices.find(invoiceId).filter(InvoiceCopies.InvoiceCopy::seen)
                .filter(copy -> customer == null || copy.customerId().equals(customer))
                .orElseThrow(() -> ApiProblem.notFound("invoiceId", "Invoice", invoiceId));
        ObjectionWindow window = invoice.objectionWindow();
        return new InvoiceDisputesView(invoice.invoiceId(), invoice.number(), invoice.status(), invoice.currency(),
                amount(invoice.openAmount(), invoice.currency()), invoice.issueDate(), invoice.deliveredAt(), window.deadline(),
                !window.isLate(clock.instant()), summaries(disputes.ofInvoice(invoiceId), customer == null));
    }

    private DisputeView view(Dispute d, InvoiceCopies.InvoiceCopy invoice, List<Dispute.Message> messages, boolean staff) {
        List<InvoiceLine> invoiceLines = invoice == null ? List.of() : invoice.lines();
        ProposalView proposal = staff && d.hasProposal() ? new ProposalView(d.proposalOutcome().name(),
                amount(d.proposalAmount(), d.currency()), lines(d.proposalLines(), invoiceLines), corrected(d.proposalCorrectedLines()),
                d.proposalResolution(), d.proposedBy(), d.proposedAt()) : null;
        return new DisputeView(d.id(), d.number(), d.customerId(), d.customerName(), d.invoiceId(), d.invoiceNumber(), d.currency(),
                amount(d.invoiceTotal(), d.currency()), invoice == null ? null : amount(invoice.openAmount(), d.currency()),
                d.reason().name(), amount(d.disputedAmount(), d.currency()), lines(d.lines(), invoiceLines), d.status().name(),
                d.openedBy(), d.openedAt(), d.assignee(), d.respondBy(), d.firstResponseAt(), d.responseOverdue(clock.instant()),
                d.deliveredAt(), d.objectionDeadline(), d.lateObjection(), proposal, d.outcome() == null ? null : d.outcome().name(),
                d.resolution(), d.resolvedAt(), d.approvedBy(),
                messages == null ? null : messages.stream().map(DisputeViews::message).toList());
    }

    private static MessageView message(Dispute.Message m) {
        return new MessageView(m.id(), m.side(), m.author(), m.body(), m.internal(), m.postedAt(), m.invoiceCopyRequested(),
                m.attachments().stream().map(a -> new AttachmentView(a.id(), a.fileName(), a.contentType(), a.size())).toList());
    }

    private static List<LineView> lines(List<DisputedLine> lines, List<InvoiceLine> invoiceLines) {
        if (lines == null) {
            return null;
        }
        return lines.stream().map(l -> new LineView(l.line(), plain(l.quantity()),
                l.line() < invoiceLines.size() ? invoiceLines.get(l.line()).description() : null)).toList();
    }

    private static List<CorrectedLineView> corrected(List<RequestedLine> lines) {
        return lines == null ? null : lines.stream().map(l -> new CorrectedLineView(l.description(), plain(l.quantity()),
                plain(l.unitPrice()), plain(l.taxRate()))).toList();
    }

    static String amount(BigDecimal amount, String currency) {
        return amount == null ? null : Money.exact(amount, currency).toPlainString();
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().scale() < 0 ? value.setScale(0).toPlainString()
                : value.stripTrailingZeros().toPlainString();
    }
}
