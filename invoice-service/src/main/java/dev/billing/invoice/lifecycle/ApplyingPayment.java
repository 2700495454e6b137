package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.InvoiceReopened;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.invoice.account.CustomerCredits;
import dev.billing.invoice.invoice.AmountLimits;
import dev.billing.invoice.invoice.Balance;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.events.Outbox;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies received and refunded money to invoices: moves the open amount and status, leaves any
 * overpayment as credit on the account, and announces the result. A payment or refund id is applied once.
 */
@Service
public class ApplyingPayment {
    private final Invoices invoices;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final CustomerCredits credits;

    public ApplyingPayment(Invoices invoices, JdbcClient jdbc, Outbox outbox, Clock clock, CustomerCredits credits) {
        this.credits = credits;
        this.invoices = invoices;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void received(PaymentReceived payment) {
        if (payment.amount().signum() <= 0 || !AmountLimits.fits(payment.amount())) {
            throw new InvalidEventException("Payment " + payment.paymentId() + " is not positive or too large ("
                    + AmountLimits.RULE + "): " + payment.amount().toPlainString());
        }
        if (payment.invoiceId() == null) {
            credits.add(payment.customerId(), payment.currency(), payment.amount());
            return;
        }
        Invoice invoice = invoice(payment.invoiceId(), payment.currency());
        Balance.Applied result = Balance.payment(invoice.status(), invoice.openAmount(), payment.amount());
        if (!record(payment.paymentId().toString(), "PAYMENT", payment.paymentId(), invoice, payment.amount(), result.applied())) {
            return;
        }
        if (result.overpaid().signum() > 0) {
            credits.add(invoice.customerId(), invoice.currency(), result.overpaid());
        }
        if (result.applied().signum() == 0) {
            return;
        }
        invoices.updateBalance(invoice.id(), result.status(), result.openAmount(),
                result.status() == InvoiceStatus.PAID ? clock.instant() : null);
        if (result.status() == InvoiceStatus.PAID) {
            outbox.add(EventCatalog.INVOICE_PAID, invoice.customerId(), "invoice/" + invoice.id(),
                    new InvoicePaid(invoice.id(), invoice.number(), invoice.customerId(), payment.paymentId(),
                            InvoicePaid.BY_PAYMENT, invoice.currency(), invoice.total(), result.overpaid(), clock.instant()));
        } else {
            outbox.add(EventCatalog.INVOICE_PARTIALLY_PAID, invoice.customerId(), "invoice/" + invoice.id(),
                    new InvoicePartiallyPaid(invoice.id(), invoice.number(), invoice.customerId(), payment.paymentId(),
                            InvoicePaid.BY_PAYMENT, invoice.currency(), result.applied(), result.openAmount()));
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void refunded(PaymentRefunded refund) {
        if (refund.amount().signum() <= 0 || !AmountLimits.fits(refund.amount())) {
            throw new InvalidEventException("Refund " + refund.refundId() + " is not positive or too large ("
                    + AmountLimits.RULE + "): " + refund.amount().toPlainString());
        }
        if (refund.invoiceId() == null) {
            credits.add(refund.customerId(), refund.currency(), refund.amount().negate());
            return;
        }
        Invoice invoice = invoice(refund.invoiceId(), refund.currency());
        BigDecimal paidSoFar = credits.paidOn(invoice.id());
        Balance.Applied result = Balance.refund(invoice.status(), invoice.openAmount(), invoice.total(), paidSoFar,
                refund.amount());
        if (!record(refund.refundId().toString(), "REFUND", refund.paymentId(), invoice, refund.amount(), result.applied())
                || result.applied().signum() == 0) {
            return;
        }
        invoices.updateBalance(invoice.id(), result.status(), result.openAmount(), null);
        outbox.add(EventCatalog.INVOICE_REOPENED, invoice.customerId(), "invoice/" + invoice.id(),
                new InvoiceReopened(invoice.id(), invoice.number(), invoice.customerId(), refund.refundId(),
                        invoice.currency(), result.applied().negate(), result.openAmount(), result.status().name()));
    }

    private Invoice invoice(UUID id, String currency) {
        Invoice invoice = invoices.lock(id)
                .orElseThrow(() -> new InvalidEventException("Payment for unknown invoice " + id));
        if (!invoice.currency().equals(currency)) {
            throw new InvalidEventException("Payment in " + currency + " for invoice " + invoice.number() + " in "
                    + invoice.currency());
        }
        return invoice;
    }

    private boolean record(String referenceId, String kind, UUID paymentId, Invoice invoice, BigDecimal amount,
                           BigDecimal applied) {
        return jdbc.sql("""
                        insert into payment_application (reference_id, kind, payment_id, invoice_id, customer_id, currency,
                            amount, applied, applied_at)
                        values (:ref, :kind, :paymentId, :invoiceId, :customerId, :currency, :amount, :applied, :at)
                        on conflict (reference_id) do nothing""")
                .param("ref", referenceId).param("kind", kind).param("paymentId", paymentId)
                .param("invoiceId", invoice.id()).param("customerId", invoice.customerId())
                .param("currency", invoice.currency()).param("amount", amount).param("applied", applied)
                .param("at", Timestamp.from(clock.instant()))
                .update() == 1;
    }
}
