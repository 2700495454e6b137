package dev.billing.notification.dispute;

import dev.billing.events.dispute.DisputeMessagePosted;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.notification.contact.ContactCopy;
import dev.billing.notification.document.Attachments;
import dev.billing.notification.email.CustomerMessages;
import dev.billing.notification.email.InvoiceLinks;
import dev.billing.notification.staff.NotifyingStaff;
import dev.billing.notification.template.MessageText;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.events.ReceivedEvent;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps both sides of a dispute told (dispute.events), each message in the customer's communication history and about
 * the disputed invoice:
 * <ul>
 * <li>{@code DisputeOpened}: the customer's acknowledgement by email and on the panel ({@code dispute-opened}): the
 * reason, what is disputed, the day the answer is due ({@code respondBy}, which dispute-service always sets; without it
 * the date is left out), and that the invoice's reminders are paused;</li>
 * <li>{@code DisputeMessagePosted} by staff: the message to the customer by email and on the panel
 * ({@code dispute-message}, the text and the names of its attachments); by the customer: the staff panel
 * ({@code dispute-customer-message}), and, when the customer asked for it, a copy of the invoice by email with its PDF
 * attached ({@code invoice-copy});</li>
 * <li>{@code DisputeResolved}: the outcome in words and the resolution as written, by email and on the panel
 * ({@code dispute-resolved});</li>
 * <li>{@code DisputeWithdrawn}: the staff panel ({@code dispute-withdrawn}).</li>
 * </ul>
 * A {@code DisputeMessagePosted} without {@code invoiceId} is invalid ({@link InvalidEventException}: the dead-letter
 * topic); the other dispute events require it. Texts written by people (messages, resolutions, reasons) go into the message as they are; the HTML email escapes
 * them like everything else ({@code HtmlEmail}), so a script in a message shows as written and never runs.
 */
@Service
public class NotifyingAboutDisputes {
    private final CustomerMessages messages;
    private final NotifyingStaff staff;
    private final ContactCopy contacts;
    private final InvoiceLinks links;
    private final DisputedInvoices invoices;

    NotifyingAboutDisputes(CustomerMessages messages, NotifyingStaff staff, ContactCopy contacts, InvoiceLinks links,
                           DisputedInvoices invoices) {
        this.messages = messages;
        this.staff = staff;
        this.contacts = contacts;
        this.links = links;
        this.invoices = invoices;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void opened(ReceivedEvent<DisputeOpened> event) {
        DisputeOpened dispute = event.payload();
        ContactCopy.Contact to = contacts.require(dispute.customerId());
        String language = to.language();
        // dispute-service always sets respondBy; without it the message names no date rather than guessing one
        String respondBy = dispute.respondBy() == null ? ""
                : MessageText.date(dispute.respondBy().atZone(to.zone()).toLocalDate(), language);
        messages.emailAndPanel(dispute.customerId(), to.email(), language, "dispute-opened", Map.of(
                "name", to.name(),
                "number", invoices.number(dispute.invoiceId()),
                "reason", DisputeWords.reason(dispute.reason(), language),
                "disputed", DisputeWords.disputed(dispute.disputedAmount(), dispute.currency(), dispute.lines(), language),
                "respondBy", respondBy,
                "link", links.pdf(dispute.invoiceId()),
                "disputeLink", disputeLink(dispute.invoiceId(), dispute.disputeId())), event.id(), dispute.invoiceId(), null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void messagePosted(ReceivedEvent<DisputeMessagePosted> event) {
        DisputeMessagePosted message = event.payload();
        UUID invoiceId = message.invoiceId();
        if (invoiceId == null) {
            throw new InvalidEventException("DisputeMessagePosted " + message.messageId() + " of dispute " + message.disputeId()
                    + " names no invoiceId");
        }
        String number = invoices.number(invoiceId);
        if ("STAFF".equals(message.side())) {
            ContactCopy.Contact to = contacts.require(message.customerId());
            messages.emailAndPanel(message.customerId(), to.email(), to.language(), "dispute-message", Map.of(
                    "name", to.name(),
                    "number", number,
                    "author", message.author(),
                    "message", message.body(),
                    "attachments", DisputeWords.attachments(message.attachments(), to.language()),
                    "link", links.pdf(invoiceId),
                    "disputeLink", disputeLink(invoiceId, message.disputeId())), event.id(), invoiceId, null);
            return;
        }
        staff.tell(message.customerId(), invoiceId, "dispute-customer-message", Map.of(
                "name", staff.customerName(message.customerId()),
                "number", number,
                "author", message.author(),
                "message", message.body(),
                "attachments", DisputeWords.attachments(message.attachments(), staff.language()),
                "link", staff.page("/disputes/" + message.disputeId())), event.id());
        if (Boolean.TRUE.equals(message.invoiceCopyRequested())) {
            ContactCopy.Contact to = contacts.require(message.customerId());
            messages.emailOnly(message.customerId(), to.email(), to.language(), "invoice-copy", Map.of(
                    "name", to.name(),
                    "number", number,
                    "link", links.pdf(invoiceId),
                    "paymentLink", links.payment(invoiceId)), event.id(), invoiceId, new Attachments.Wanted(invoiceId, "INVOICE"));
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void resolved(ReceivedEvent<DisputeResolved> event) {
        DisputeResolved dispute = event.payload();
        ContactCopy.Contact to = contacts.require(dispute.customerId());
        messages.emailAndPanel(dispute.customerId(), to.email(), to.language(), "dispute-resolved", Map.of(
                "name", to.name(),
                "number", invoices.number(dispute.invoiceId()),
                "outcome", DisputeWords.outcome(dispute.outcome(), to.language()),
                "resolution", dispute.resolution() == null ? "" : dispute.resolution(),
                "link", links.pdf(dispute.invoiceId()),
                "disputeLink", disputeLink(dispute.invoiceId(), dispute.disputeId())), event.id(), dispute.invoiceId(), null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void withdrawn(ReceivedEvent<DisputeWithdrawn> event) {
        DisputeWithdrawn dispute = event.payload();
        staff.tell(dispute.customerId(), dispute.invoiceId(), "dispute-withdrawn", Map.of(
                "name", staff.customerName(dispute.customerId()),
                "number", invoices.number(dispute.invoiceId()),
                "reason", dispute.reason() == null || dispute.reason().isBlank() ? DisputeWords.noReason(staff.language()) : dispute.reason(),
                "link", staff.page("/disputes/" + dispute.disputeId())), event.id());
    }

    /** The dispute's page in the portal, opened with the invoice's signed portal link (the gateway's {@code /p/{token}/disputes/{id}}). */
    private String disputeLink(UUID invoiceId, UUID disputeId) {
        return links.payment(invoiceId) + "/disputes/" + disputeId;
    }
}
