package dev.billing.payment.payment;

import dev.billing.events.EventCatalog;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.support.events.Actor;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records money that staff received (a bank transfer, cash, a cheque, a card at the terminal, a direct debit) and
 * announces it as {@code PaymentReceived}, in one transaction; invoice-service applies it. Without an invoice, or
 * beyond the invoice's open amount, the money becomes the customer's credit there, which the next invoices use.
 */
@Service
public class RecordingPayment {
    private final Payments payments;
    private final InvoiceCopies invoices;
    private final Outbox outbox;
    private final Clock clock;

    RecordingPayment(Payments payments, InvoiceCopies invoices, Outbox outbox, Clock clock) {
        this.payments = payments;
        this.invoices = invoices;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What staff enter; the amount already checked against the currency, the texts against control characters. */
    public record ManualPayment(UUID customerId, UUID invoiceId, BigDecimal amount, String currency, String method,
                                String reference, LocalDate receivedOn) {
    }

    @Transactional
    public Payment record(ManualPayment request) {
        if (request.invoiceId() != null) {
            InvoiceCopies.InvoiceCopy invoice = invoices.find(request.invoiceId()).orElseThrow(() -> ApiProblem.unprocessable("invoiceId",
                    "no issued invoice " + request.invoiceId() + " is known here (an invoice issued a moment ago may take a second)"));
            if (!invoice.customerId().equals(request.customerId())) {
                throw ApiProblem.unprocessable("invoiceId", "invoice " + invoice.number() + " is not this customer's");
            }
            if (!invoice.currency().equals(request.currency())) {
                throw ApiProblem.unprocessable("currency", "invoice " + invoice.number() + " is in " + invoice.currency());
            }
            if (invoice.status().equals("CANCELLED")) {
                throw ApiProblem.conflict("invoiceId", "invoice " + invoice.number() + " is cancelled; record the payment without an "
                        + "invoice to keep it as the customer's credit");
            }
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (request.receivedOn() != null && request.receivedOn().isAfter(today.plusDays(1))) {
            // tomorrow in UTC may be today where the customer is (Türkiye is UTC+3)
            throw ApiProblem.badRequest("receivedOn", "must not be later than tomorrow (UTC)");
        }
        Actor actor = Actor.current();
        Payment payment = payments.save(new Payment(UUID.randomUUID(), request.customerId(), request.invoiceId(), request.currency(),
                request.amount(), request.method(), null, null, request.reference(), receivedAt(request.receivedOn(), now), now,
                actor.id()));
        outbox.add(EventCatalog.PAYMENT_RECEIVED, payment.customerId(), "payment/" + payment.id(),
                new PaymentReceived(payment.id(), payment.customerId(), payment.invoiceId(), payment.currency(), payment.amount(),
                        payment.method(), null, payment.reference(), payment.receivedAt()));
        return payment;
    }

    /**
     * The moment of a payment received on a day: now when that is today or not given; else noon UTC of that day, which
     * is the same day in every time zone from UTC−11 to UTC+11 (Türkiye, Hungary, the rest of Europe).
     */
    static Instant receivedAt(LocalDate receivedOn, Instant now) {
        if (receivedOn == null || receivedOn.equals(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            return now;
        }
        return receivedOn.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
    }
}
