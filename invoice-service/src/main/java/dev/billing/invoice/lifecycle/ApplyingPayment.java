package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePaidV1;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.InvoicePartiallyPaidV1;
import dev.billing.events.invoice.InvoiceReopened;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.invoice.account.CustomerCredits;
import dev.billing.invoice.invoice.AmountLimits;
import dev.billing.invoice.invoice.Balance;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.support.events.EventJson;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.events.Outbox;
import dev.billing.support.events.ReceivedEvent;
import dev.billing.support.events.TraceContext;
import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies received and refunded money, and the customer's credit, to invoices: moves the open amount
 * and status, keeps the customer's credit ({@link CustomerCredits}) by the rules of {@link Balance},
 * and announces the result. A payment or refund id is applied once, with or without an invoice; one
 * for an invoice that is not issued here yet waits for it.
 */
@Service
public class ApplyingPayment {
    private static final String PAYMENT = "PAYMENT";
    private static final String REFUND = "REFUND";
    private static final String CREDIT = "CREDIT";
    private final Invoices invoices;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final CustomerCredits credits;
    private final TraceContext traces;

    public ApplyingPayment(Invoices invoices, JdbcClient jdbc, Outbox outbox, Clock clock, CustomerCredits credits,
                           TraceContext traces) {
        this.traces = traces;
        this.credits = credits;
        this.invoices = invoices;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One payment: {@link #receivedAll} for it alone (a payment that waited for its invoice, applied when it is issued). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void received(PaymentReceived payment) {
        PaymentBatch batch = batchOf(List.of(payment));
        batch.apply(payment);
        batch.write();
    }

    /**
     * The payments of a consumer's batch, applied in their order (each in the trace of its event), with a few
     * statements for all of them: the invoices they pay locked in one (in id order), the payments applied before found
     * in one, their applications and the invoices' new balances written in one each (and their events with the
     * transaction, {@link Outbox}). A payment without an invoice becomes the customer's credit; one for an invoice not
     * issued here yet waits for it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void receivedAll(List<ReceivedEvent<PaymentReceived>> events) {
        PaymentBatch batch = batchOf(events.stream().map(ReceivedEvent::payload).toList());
        events.forEach(event -> traces.continueTrace(event.traceparent(), "consume " + event.type(), () -> batch.apply(event.payload())));
        batch.write();
    }

    private PaymentBatch batchOf(List<PaymentReceived> payments) {
        return new PaymentBatch(
                invoices.lockHeaders(payments.stream().map(PaymentReceived::invoiceId).filter(Objects::nonNull).collect(Collectors.toSet())),
                new HashSet<>(jdbc.sql("select reference_id from payment_application where reference_id = any(:refs)")
                        .param("refs", payments.stream().map(p -> p.paymentId().toString()).toArray(String[]::new))
                        .query(String.class).list()));
    }

    /** A batch's payments being applied: what they found locked and applied before, and what they write at the end. */
    private final class PaymentBatch {
        private final Map<UUID, Invoice> locked;
        private final Set<String> applied;
        private final Map<UUID, Invoices.BalanceUpdate> balances = new LinkedHashMap<>();
        private final List<Application> applications = new ArrayList<>();

        PaymentBatch(Map<UUID, Invoice> locked, Set<String> applied) {
            this.locked = locked;
            this.applied = applied;
        }

        void apply(PaymentReceived payment) {
            BigDecimal amount = amount(payment);
            String reference = payment.paymentId().toString();
            if (payment.invoiceId() == null) {
                if (record(reference, PAYMENT, payment.paymentId(), null, payment.customerId(), payment.currency(),
                        amount, BigDecimal.ZERO, amount)) {
                    credits.change(payment.customerId(), payment.currency(), amount, CustomerCredits.PAYMENT_ON_ACCOUNT,
                            null, payment.paymentId());
                }
                return;
            }
            Invoice invoice = locked.get(payment.invoiceId());
            if (invoice == null || invoice.status() == InvoiceStatus.TO_BE_ISSUED) {
                waitForInvoice(reference, PAYMENT, payment.invoiceId(), payment.customerId(), EventJson.write(payment));
                return;
            }
            requireCurrency(invoice, payment.currency());
            if (!applied.add(reference)) {
                return;
            }
            // a payment after another of the batch finds the invoice as that one left it
            Invoices.BalanceUpdate before = balances.get(invoice.id());
            Balance.Applied result = before == null ? Balance.payment(invoice.status(), invoice.openAmount(), amount)
                    : Balance.payment(before.status(), before.openAmount(), amount);
            applications.add(new Application(reference, PAYMENT, payment.paymentId(), invoice.id(), invoice.customerId(),
                    invoice.currency(), amount, result.applied(), result.overpaid(), clock.instant()));
            if (result.overpaid().signum() > 0) {
                credits.change(invoice.customerId(), invoice.currency(), result.overpaid(), CustomerCredits.OVERPAYMENT,
                        invoice.id(), payment.paymentId());
            }
            if (result.applied().signum() > 0) {
                balances.put(invoice.id(), new Invoices.BalanceUpdate(invoice.id(), result.status(), result.openAmount(),
                        result.status() == InvoiceStatus.PAID ? clock.instant() : null));
                announce(invoice, result, payment.paymentId(), InvoicePaid.BY_PAYMENT);
            }
        }

        void write() {
            recordAll(applications);
            invoices.updateBalances(balances.values());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void refunded(PaymentRefunded refund) {
        if (refund.amount().signum() <= 0 || !AmountLimits.fits(refund.amount())) {
            throw new InvalidEventException("Refund " + refund.refundId() + " is not positive or too large ("
                    + AmountLimits.RULE + "): " + refund.amount().toPlainString());
        }
        String reference = refund.refundId().toString();
        BigDecimal amount = amount(refund.amount(), refund.currency());
        if (refund.invoiceId() == null) {
            if (record(reference, REFUND, refund.paymentId(), null, refund.customerId(), refund.currency(),
                    amount, BigDecimal.ZERO, amount.negate())) {
                credits.change(refund.customerId(), refund.currency(), amount.negate(), CustomerCredits.PAYMENT_REFUNDED,
                        null, refund.paymentId());
            }
            return;
        }
        Optional<Invoice> found = issued(refund.invoiceId(), refund.currency());
        if (found.isEmpty()) {
            waitForInvoice(reference, REFUND, refund.invoiceId(), refund.customerId(), EventJson.write(refund));
            return;
        }
        Invoice invoice = found.get();
        Balance.Refunded result = Balance.refund(invoice.status(), invoice.openAmount(),
                credits.paidOn(invoice.id(), invoice.currency()), credits.creditLeftBy(refund.paymentId(), invoice.currency()),
                credits.lockedBalance(invoice.customerId(), invoice.currency()), amount);
        if (!record(reference, REFUND, refund.paymentId(), invoice.id(), invoice.customerId(), invoice.currency(),
                amount, result.reopened().negate(), result.creditChange())) {
            return;
        }
        credits.change(invoice.customerId(), invoice.currency(), result.creditChange(), CustomerCredits.PAYMENT_REFUNDED,
                invoice.id(), refund.paymentId());
        if (result.reopened().signum() > 0) {
            invoices.updateBalance(invoice.id(), result.status(), result.openAmount(), null);
            outbox.add(EventCatalog.INVOICE_REOPENED, invoice.customerId(), "invoice/" + invoice.id(),
                    new InvoiceReopened(invoice.id(), invoice.number(), invoice.customerId(), refund.refundId(),
                            invoice.currency(), result.reopened(), result.openAmount(), result.status().name()));
        }
    }

    /**
     * A newly issued invoice (locked by the caller): the payments and refunds that waited for it are
     * applied in the order they arrived (one in another currency than the invoice's can never pay it:
     * it stays with the customer as credit in its own currency), then the customer's credit in the
     * invoice's currency pays what is still open.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void issued(Invoice issued) {
        // two statements when nothing waits and there is no credit, the usual case on a billing run
        List<Waiting> waiting = jdbc.sql("delete from waiting_payment where invoice_id = :id returning kind, payload, received_at")
                .param("id", issued.id())
                .query((rs, n) -> new Waiting(rs.getString("kind"), rs.getString("payload"), rs.getTimestamp("received_at")))
                .list();
        waiting.stream().sorted(Comparator.comparing(Waiting::receivedAt)).forEach(w -> {
            if (w.kind().equals(PAYMENT)) {
                PaymentReceived p = EventJson.mapper().readValue(w.payload(), PaymentReceived.class);
                received(p.currency().equals(issued.currency()) ? p : new PaymentReceived(p.paymentId(),
                        p.customerId(), null, p.currency(), p.amount(), p.method(), p.provider(),
                        p.providerReference(), p.receivedAt()));
            } else {
                PaymentRefunded r = EventJson.mapper().readValue(w.payload(), PaymentRefunded.class);
                refunded(r.currency().equals(issued.currency()) ? r : new PaymentRefunded(r.refundId(),
                        r.paymentId(), r.customerId(), null, r.currency(), r.amount(), r.refundedAt()));
            }
        });
        BigDecimal credit = credits.lockedBalance(issued.customerId(), issued.currency());
        if (credit.signum() <= 0) {
            return;
        }
        Invoice invoice = waiting.isEmpty() ? issued : invoices.lock(issued.id()).orElseThrow();
        BigDecimal used = credit.min(invoice.openAmount());
        if (invoice.status().isOpen() && used.signum() > 0
                && record("credit:" + invoice.id(), CREDIT, null, invoice.id(), invoice.customerId(), invoice.currency(),
                used, used, used.negate())) {
            credits.change(invoice.customerId(), invoice.currency(), used.negate(), CustomerCredits.APPLIED_TO_INVOICE,
                    invoice.id(), null);
            settle(invoice, Balance.payment(invoice.status(), invoice.openAmount(), used), null, InvoicePaid.BY_CREDIT);
        }
    }

    /**
     * Of newly issued invoices (not yet announced), those that {@link #issued(Invoice)} has work for,
     * in two statements: a payment waits for them, or their customer holds credit in their currency (as
     * usual on a billing run, none). The customers' credit rows stay locked until the transaction ends;
     * the caller takes them before the keys of its events, in the order payments take them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Invoice> toSettleAtIssue(List<Invoice> issued) {
        if (issued.isEmpty()) {
            return List.of();
        }
        Set<UUID> awaited = new HashSet<>(jdbc.sql("select invoice_id from waiting_payment where invoice_id = any(:ids::uuid[])")
                .param("ids", issued.stream().map(Invoice::id).toArray(UUID[]::new))
                .query(UUID.class).list());
        Set<String> holdingCredit = credits.lockHoldingCredit(issued.stream().map(Invoice::customerId).toList(),
                issued.stream().map(Invoice::currency).toList());
        return issued.stream().filter(invoice -> awaited.contains(invoice.id())
                || holdingCredit.contains(CustomerCredits.key(invoice.customerId(), invoice.currency()))).toList();
    }

    private record Waiting(String kind, String payload, Timestamp receivedAt) {
    }

    private void settle(Invoice invoice, Balance.Applied result, UUID paymentId, String settledBy) {
        if (result.applied().signum() == 0) {
            return;
        }
        invoices.updateBalance(invoice.id(), result.status(), result.openAmount(),
                result.status() == InvoiceStatus.PAID ? clock.instant() : null);
        announce(invoice, result, paymentId, settledBy);
    }

    /** {@code InvoicePaid} or {@code InvoicePartiallyPaid} of money applied to the invoice. */
    private void announce(Invoice invoice, Balance.Applied result, UUID paymentId, String settledBy) {
        // v1 beside v2 while consumers move (a breaking change is a new type); v1 only knows payments
        if (result.status() == InvoiceStatus.PAID) {
            outbox.add(EventCatalog.INVOICE_PAID, invoice.customerId(), "invoice/" + invoice.id(),
                    new InvoicePaid(invoice.id(), invoice.number(), invoice.customerId(), paymentId, settledBy,
                            invoice.currency(), invoice.total(), result.overpaid(), clock.instant()));
            if (paymentId != null) {
                outbox.add(EventCatalog.INVOICE_PAID_V1, invoice.customerId(), "invoice/" + invoice.id(),
                        new InvoicePaidV1(invoice.id(), invoice.number(), invoice.customerId(), paymentId,
                                invoice.currency(), invoice.total(), result.overpaid(), clock.instant()));
            }
        } else {
            outbox.add(EventCatalog.INVOICE_PARTIALLY_PAID, invoice.customerId(), "invoice/" + invoice.id(),
                    new InvoicePartiallyPaid(invoice.id(), invoice.number(), invoice.customerId(), paymentId, settledBy,
                            invoice.currency(), result.applied(), result.openAmount()));
            if (paymentId != null) {
                outbox.add(EventCatalog.INVOICE_PARTIALLY_PAID_V1, invoice.customerId(), "invoice/" + invoice.id(),
                        new InvoicePartiallyPaidV1(invoice.id(), invoice.number(), invoice.customerId(), paymentId,
                                invoice.currency(), result.applied(), result.openAmount()));
            }
        }
    }

    /** The invoice, locked, if it is issued here; empty while it is unknown or still a draft. */
    private Optional<Invoice> issued(UUID id, String currency) {
        Optional<Invoice> invoice = invoices.lock(id).filter(i -> i.status() != InvoiceStatus.TO_BE_ISSUED);
        invoice.ifPresent(i -> requireCurrency(i, currency));
        return invoice;
    }

    private static void requireCurrency(Invoice invoice, String currency) {
        if (!invoice.currency().equals(currency)) {
            throw new InvalidEventException("Payment in " + currency + " for invoice " + invoice.number() + " in " + invoice.currency());
        }
    }

    /** The payment's amount in its currency's minor digits: positive, and within the amounts an invoice takes. */
    private static BigDecimal amount(PaymentReceived payment) {
        if (payment.amount().signum() <= 0 || !AmountLimits.fits(payment.amount())) {
            throw new InvalidEventException("Payment " + payment.paymentId() + " is not positive or too large ("
                    + AmountLimits.RULE + "): " + payment.amount().toPlainString());
        }
        return amount(payment.amount(), payment.currency());
    }

    /** The event's amount in the currency's minor digits; one with more decimals can never be applied. */
    private static BigDecimal amount(BigDecimal amount, String currency) {
        try {
            return Money.exact(amount, currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Amount " + e.getMessage());
        }
    }

    private void waitForInvoice(String referenceId, String kind, UUID invoiceId, UUID customerId, String payload) {
        jdbc.sql("""
                        insert into waiting_payment (reference_id, kind, invoice_id, customer_id, payload, received_at)
                        values (:ref, :kind, :invoice, :customer, :payload, :at) on conflict (reference_id) do nothing""")
                .param("ref", referenceId).param("kind", kind).param("invoice", invoiceId).param("customer", customerId)
                .param("payload", payload)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    private record Application(String referenceId, String kind, UUID paymentId, UUID invoiceId, UUID customerId, String currency,
                               BigDecimal amount, BigDecimal applied, BigDecimal credited, Instant appliedAt) {
    }

    /**
     * {@link #record} for many applications, none applied before (as the caller found under the invoices' locks), in
     * one statement; any that was applied meanwhile fails the transaction, to be tried again.
     */
    private void recordAll(List<Application> applications) {
        if (applications.isEmpty()) {
            return;
        }
        int recorded = jdbc.sql("""
                        insert into payment_application (reference_id, kind, payment_id, invoice_id, customer_id, currency,
                            amount, applied, credited, applied_at)
                        select a.reference_id, a.kind, a.payment_id, a.invoice_id, a.customer_id, a.currency, a.amount, a.applied,
                            a.credited, a.applied_at
                        from unnest(:refs::text[], :kinds::text[], :paymentIds::uuid[], :invoiceIds::uuid[], :customerIds::uuid[],
                            :currencies::text[], :amounts::numeric[], :applied::numeric[], :credited::numeric[], :appliedAts::timestamptz[])
                            as a(reference_id, kind, payment_id, invoice_id, customer_id, currency, amount, applied, credited, applied_at)
                        on conflict (reference_id) do nothing""")
                .param("refs", applications.stream().map(Application::referenceId).toArray(String[]::new))
                .param("kinds", applications.stream().map(Application::kind).toArray(String[]::new))
                .param("paymentIds", applications.stream().map(Application::paymentId).toArray(UUID[]::new))
                .param("invoiceIds", applications.stream().map(Application::invoiceId).toArray(UUID[]::new))
                .param("customerIds", applications.stream().map(Application::customerId).toArray(UUID[]::new))
                .param("currencies", applications.stream().map(Application::currency).toArray(String[]::new))
                .param("amounts", applications.stream().map(a -> a.amount().toPlainString()).toArray(String[]::new))
                .param("applied", applications.stream().map(a -> a.applied().toPlainString()).toArray(String[]::new))
                .param("credited", applications.stream().map(a -> a.credited().toPlainString()).toArray(String[]::new))
                .param("appliedAts", applications.stream().map(a -> a.appliedAt().toString()).toArray(String[]::new))
                .update();
        if (recorded != applications.size()) {
            throw new IllegalStateException((applications.size() - recorded) + " of " + applications.size()
                    + " payments were applied meanwhile; the batch is applied again");
        }
    }

    private boolean record(String referenceId, String kind, UUID paymentId, UUID invoiceId, UUID customerId, String currency,
                           BigDecimal amount, BigDecimal applied, BigDecimal credited) {
        return jdbc.sql("""
                        insert into payment_application (reference_id, kind, payment_id, invoice_id, customer_id, currency,
                            amount, applied, credited, applied_at)
                        values (:ref, :kind, :paymentId, :invoiceId, :customerId, :currency, :amount, :applied, :credited, :at)
                        on conflict (reference_id) do nothing""")
                .param("ref", referenceId).param("kind", kind).param("paymentId", paymentId)
                .param("invoiceId", invoiceId).param("customerId", customerId)
                .param("currency", currency).param("amount", amount).param("applied", applied).param("credited", credited)
                .param("at", Timestamp.from(clock.instant()))
                .update() == 1;
    }
}
