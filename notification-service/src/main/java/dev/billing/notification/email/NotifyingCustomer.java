package dev.billing.notification.email;

import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.notification.contact.ContactCopy;
import dev.billing.notification.document.Attachments;
import dev.billing.notification.template.MessageText;
import dev.billing.support.events.ReceivedEvent;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the customer what happened to an invoice, by email and on the panel ({@link CustomerMessages}): it was issued
 * (the email attaches its PDF, the text links to it), paid (the receipt), cancelled (the email attaches the storno
 * document, the text links to it), or credited (a credit note, with what is left open). An overdue invoice sends nothing by itself: the dunning policy's steps do.
 */
@Service
public class NotifyingCustomer {
    private final CustomerMessages messages;
    private final ContactCopy contacts;
    private final InvoiceLinks links;
    private final Attachments attachments;

    NotifyingCustomer(CustomerMessages messages, ContactCopy contacts, InvoiceLinks links, Attachments attachments) {
        this.attachments = attachments;
        this.messages = messages;
        this.contacts = contacts;
        this.links = links;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void invoiceIssued(ReceivedEvent<InvoiceIssued> event) {
        InvoiceIssued invoice = event.payload();
        String language = invoice.billTo().language();
        messages.emailAndPanel(invoice.customerId(), invoice.billTo().email(), language, "invoice-issued", Map.of(
                "name", invoice.billTo().name(),
                "number", invoice.number(),
                "issueDate", MessageText.date(invoice.issueDate(), language),
                "dueDate", MessageText.date(invoice.dueDate(), language),
                "total", MessageText.amount(invoice.total(), language),
                "currency", invoice.currency(),
                "link", links.pdf(invoice.invoiceId()),
                "paymentLink", links.payment(invoice.invoiceId())), event.id(), new Attachments.Wanted(invoice.invoiceId(), "INVOICE"));
    }

    /** The receipt. It follows {@code InvoicePaid}, not each payment: a partial payment is no receipt for the invoice. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void invoicePaid(ReceivedEvent<InvoicePaid> event) {
        InvoicePaid paid = event.payload();
        attachments.ended(paid.invoiceId());
        ContactCopy.Contact to = contacts.require(paid.customerId());
        messages.emailAndPanel(paid.customerId(), to.email(), to.language(), "invoice-paid", Map.of(
                "name", to.name(),
                "number", paid.number(),
                "total", MessageText.amount(paid.total(), to.language()),
                "currency", paid.currency(),
                "paidDate", MessageText.date(paid.paidAt().atZone(to.zone()).toLocalDate(), to.language()),
                "link", links.pdf(paid.invoiceId())), event.id(), paid.invoiceId(), null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void invoiceCancelled(ReceivedEvent<InvoiceCancelled> event) {
        InvoiceCancelled cancelled = event.payload();
        attachments.ended(cancelled.invoiceId());
        ContactCopy.Contact to = contacts.require(cancelled.customerId());
        messages.emailAndPanel(cancelled.customerId(), to.email(), to.language(), "invoice-cancelled", Map.of(
                "name", to.name(),
                "number", cancelled.number(),
                "stornoNumber", cancelled.stornoNumber(),
                "total", MessageText.amount(cancelled.total(), to.language()),
                "currency", cancelled.currency(),
                "reason", cancelled.reason() == null ? "" : cancelled.reason(),
                "link", links.storno(cancelled.invoiceId())), event.id(), new Attachments.Wanted(cancelled.invoiceId(), "STORNO"));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void creditNoteIssued(ReceivedEvent<CreditNoteIssued> event) {
        CreditNoteIssued note = event.payload();
        ContactCopy.Contact to = contacts.require(note.customerId());
        messages.emailAndPanel(note.customerId(), to.email(), to.language(), "credit-note-issued", Map.of(
                "name", to.name(),
                "number", note.number(),
                "invoiceNumber", note.invoiceNumber(),
                "issueDate", MessageText.date(note.issueDate(), to.language()),
                "amount", MessageText.amount(note.amount(), to.language()),
                "openAmount", MessageText.amount(note.openAmount(), to.language()),
                "currency", note.currency(),
                "link", links.pdf(note.invoiceId())), event.id(), note.invoiceId(), null);
    }
}
