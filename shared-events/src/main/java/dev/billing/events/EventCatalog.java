package dev.billing.events;

import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.CustomerUpdated;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.SubscriptionChanged;
import dev.billing.events.billing.SubscriptionEnded;
import dev.billing.events.billing.SubscriptionStarted;
import dev.billing.events.dispute.DisputeMessagePosted;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeResponseOverdue;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.events.invoice.CustomerCreditChanged;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.InvoiceDocumentRendered;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePaidV1;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.InvoicePartiallyPaidV1;
import dev.billing.events.invoice.InvoiceReopened;
import dev.billing.events.notification.NoteAdded;
import dev.billing.events.notification.NotificationFailed;
import dev.billing.events.notification.NotificationSent;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.events.platform.TestClockMoved;
import dev.billing.events.reminder.CollectionTaskClosed;
import dev.billing.events.reminder.CollectionTaskOpened;
import dev.billing.events.reminder.PaymentPlanAgreed;
import dev.billing.events.reminder.PaymentPlanEnded;
import dev.billing.events.reminder.ReminderDue;
import java.util.List;
import java.util.Optional;

/** Every published event type. The JSON Schemas and asyncapi.yaml are checked against this list by a test. */
public final class EventCatalog {
    public static final EventType<CustomerRegistered> CUSTOMER_REGISTERED = new EventType<>(
            "billing.customer.registered.v1", Topics.BILLING, CustomerRegistered.class, "A billing account was created.");
    public static final EventType<CustomerUpdated> CUSTOMER_UPDATED = new EventType<>(
            "billing.customer.updated.v1", Topics.BILLING, CustomerUpdated.class, "A billing account changed (contacts, language, terms).");
    public static final EventType<SubscriptionStarted> SUBSCRIPTION_STARTED = new EventType<>(
            "billing.subscription.started.v1", Topics.BILLING, SubscriptionStarted.class, "A recurring service was sold.");
    public static final EventType<SubscriptionChanged> SUBSCRIPTION_CHANGED = new EventType<>(
            "billing.subscription.changed.v1", Topics.BILLING, SubscriptionChanged.class, "A subscription's price, quantity or description changed.");
    public static final EventType<SubscriptionEnded> SUBSCRIPTION_ENDED = new EventType<>(
            "billing.subscription.ended.v1", Topics.BILLING, SubscriptionEnded.class, "A subscription ended.");
    public static final EventType<InvoiceRequested> INVOICE_REQUESTED = new EventType<>(
            "billing.invoice.requested.v1", Topics.BILLING, InvoiceRequested.class,
            "A cut date was reached; idempotency key = subscription + period start.");
    public static final EventType<InvoiceIssued> INVOICE_ISSUED = new EventType<>(
            "invoice.issued.v1", Topics.INVOICE, InvoiceIssued.class, "An invoice was numbered and issued.");
    public static final EventType<InvoiceOverdue> INVOICE_OVERDUE = new EventType<>(
            "invoice.overdue.v1", Topics.INVOICE, InvoiceOverdue.class, "The day after the due date, the invoice is still open.");
    public static final EventType<InvoicePartiallyPaid> INVOICE_PARTIALLY_PAID = new EventType<>(
            "invoice.partially-paid.v2", Topics.INVOICE, InvoicePartiallyPaid.class, "A payment or credit was applied; part is still open.");
    public static final EventType<InvoicePartiallyPaidV1> INVOICE_PARTIALLY_PAID_V1 = new EventType<>(
            "invoice.partially-paid.v1", Topics.INVOICE, InvoicePartiallyPaidV1.class,
            "Superseded by invoice.partially-paid.v2, published beside it while consumers move; for payments only.");
    public static final EventType<InvoicePaidV1> INVOICE_PAID_V1 = new EventType<>(
            "invoice.paid.v1", Topics.INVOICE, InvoicePaidV1.class,
            "Superseded by invoice.paid.v2, published beside it while consumers move; for payments only.");
    public static final EventType<InvoicePaid> INVOICE_PAID = new EventType<>(
            "invoice.paid.v2", Topics.INVOICE, InvoicePaid.class, "The invoice is fully paid (by a payment or by credit).");
    public static final EventType<InvoiceReopened> INVOICE_REOPENED = new EventType<>(
            "invoice.reopened.v1", Topics.INVOICE, InvoiceReopened.class, "A refund reopened part of a paid invoice.");
    public static final EventType<InvoiceCancelled> INVOICE_CANCELLED = new EventType<>(
            "invoice.cancelled.v1", Topics.INVOICE, InvoiceCancelled.class, "The invoice was cancelled (storno).");
    public static final EventType<CreditNoteIssued> CREDIT_NOTE_ISSUED = new EventType<>(
            "invoice.credit-note-issued.v1", Topics.INVOICE, CreditNoteIssued.class, "A credit note reduced an invoice.");
    public static final EventType<CustomerCreditChanged> CUSTOMER_CREDIT_CHANGED = new EventType<>(
            "invoice.customer-credit-changed.v1", Topics.INVOICE, CustomerCreditChanged.class,
            "A customer's credit in one currency was given, used or refunded.");
    public static final EventType<InvoiceDocumentRendered> INVOICE_DOCUMENT_RENDERED = new EventType<>(
            "invoice.document-rendered.v1", Topics.INVOICE_DOCUMENTS, InvoiceDocumentRendered.class,
            "An invoice's or storno's PDF was rendered and stored; it carries the PDF (base64) for the email that attaches it.");
    public static final EventType<PaymentReceived> PAYMENT_RECEIVED = new EventType<>(
            "payment.received.v1", Topics.PAYMENT, PaymentReceived.class, "A payment arrived (provider callback or staff).");
    public static final EventType<PaymentFailed> PAYMENT_FAILED = new EventType<>(
            "payment.failed.v1", Topics.PAYMENT, PaymentFailed.class, "A payment attempt failed.");
    public static final EventType<PaymentRefunded> PAYMENT_REFUNDED = new EventType<>(
            "payment.refunded.v1", Topics.PAYMENT, PaymentRefunded.class, "A payment was refunded.");
    public static final EventType<ReminderDue> REMINDER_DUE = new EventType<>(
            "reminder.due.v1", Topics.REMINDER, ReminderDue.class, "A dunning step fired.");
    public static final EventType<CollectionTaskOpened> COLLECTION_TASK_OPENED = new EventType<>(
            "reminder.collection-task-opened.v1", Topics.REMINDER, CollectionTaskOpened.class, "Escalation: a task for staff.");
    public static final EventType<CollectionTaskClosed> COLLECTION_TASK_CLOSED = new EventType<>(
            "reminder.collection-task-closed.v1", Topics.REMINDER, CollectionTaskClosed.class, "A collection task was closed.");
    public static final EventType<PaymentPlanAgreed> PAYMENT_PLAN_AGREED = new EventType<>(
            "reminder.payment-plan-agreed.v1", Topics.REMINDER, PaymentPlanAgreed.class,
            "A payment plan was agreed or its instalments changed: the whole schedule.");
    public static final EventType<PaymentPlanEnded> PAYMENT_PLAN_ENDED = new EventType<>(
            "reminder.payment-plan-ended.v1", Topics.REMINDER, PaymentPlanEnded.class, "A payment plan ended (completed, cancelled or broken).");
    public static final EventType<NotificationSent> NOTIFICATION_SENT = new EventType<>(
            "notification.sent.v1", Topics.NOTIFICATION, NotificationSent.class, "A message left by a channel.");
    public static final EventType<NotificationFailed> NOTIFICATION_FAILED = new EventType<>(
            "notification.failed.v1", Topics.NOTIFICATION, NotificationFailed.class, "A message could not leave by a channel.");
    public static final EventType<NoteAdded> NOTE_ADDED = new EventType<>(
            "notification.note-added.v1", Topics.NOTIFICATION, NoteAdded.class, "A staff member wrote a note in a customer's history.");
    public static final EventType<DisputeOpened> DISPUTE_OPENED = new EventType<>(
            "dispute.opened.v1", Topics.DISPUTE, DisputeOpened.class, "A customer objected to an invoice.");
    public static final EventType<DisputeMessagePosted> DISPUTE_MESSAGE_POSTED = new EventType<>(
            "dispute.message-posted.v1", Topics.DISPUTE, DisputeMessagePosted.class, "A message was posted in a dispute.");
    public static final EventType<DisputeResolved> DISPUTE_RESOLVED = new EventType<>(
            "dispute.resolved.v1", Topics.DISPUTE, DisputeResolved.class, "A dispute ended with an outcome.");
    public static final EventType<DisputeWithdrawn> DISPUTE_WITHDRAWN = new EventType<>(
            "dispute.withdrawn.v1", Topics.DISPUTE, DisputeWithdrawn.class, "The customer withdrew a dispute.");
    public static final EventType<DisputeResponseOverdue> DISPUTE_RESPONSE_OVERDUE = new EventType<>(
            "dispute.response-overdue.v1", Topics.DISPUTE, DisputeResponseOverdue.class,
            "A dispute was not answered by its first-response due time.");
    public static final EventType<TestClockMoved> TEST_CLOCK_MOVED = new EventType<>(
            "platform.test-clock.moved.v1", Topics.TEST_CLOCK, TestClockMoved.class,
            "Outside production only: the platform time moved.");

    private static final List<EventType<?>> ALL = List.of(
            CUSTOMER_REGISTERED, CUSTOMER_UPDATED, SUBSCRIPTION_STARTED, SUBSCRIPTION_CHANGED, SUBSCRIPTION_ENDED,
            INVOICE_REQUESTED, INVOICE_ISSUED, INVOICE_OVERDUE, INVOICE_PARTIALLY_PAID_V1, INVOICE_PARTIALLY_PAID, INVOICE_PAID_V1,
            INVOICE_PAID, INVOICE_REOPENED,
            INVOICE_CANCELLED, CREDIT_NOTE_ISSUED, CUSTOMER_CREDIT_CHANGED, INVOICE_DOCUMENT_RENDERED, PAYMENT_RECEIVED, PAYMENT_FAILED, PAYMENT_REFUNDED,
            REMINDER_DUE, COLLECTION_TASK_OPENED, COLLECTION_TASK_CLOSED, PAYMENT_PLAN_AGREED, PAYMENT_PLAN_ENDED, NOTIFICATION_SENT, NOTIFICATION_FAILED, NOTE_ADDED,
            DISPUTE_OPENED, DISPUTE_MESSAGE_POSTED, DISPUTE_RESOLVED, DISPUTE_WITHDRAWN, DISPUTE_RESPONSE_OVERDUE,
            TEST_CLOCK_MOVED);

    public static List<EventType<?>> all() {
        return ALL;
    }

    public static Optional<EventType<?>> byType(String type) {
        return ALL.stream().filter(t -> t.type().equals(type)).findFirst();
    }

    private EventCatalog() {
    }
}
