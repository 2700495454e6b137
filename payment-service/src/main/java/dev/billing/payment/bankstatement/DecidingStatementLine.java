package dev.billing.payment.bankstatement;

import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.payment.payment.Payment;
import dev.billing.payment.payment.RecordingPayment;
import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff decide about a credit on the statement: confirm it as a payment (of the proposed invoice, another one, or
 * none: then the customer's credit), recorded as a bank transfer through {@link RecordingPayment} in the same transaction
 * as the line's new state; or ignore it as not a customer's money. A line is decided once: confirming it again answers
 * the payment it already has.
 */
@Service
class DecidingStatementLine {
    private static final String BANK_TRANSFER = "BANK_TRANSFER";
    private final BankStatements statements;
    private final InvoiceCopies invoices;
    private final RecordingPayment recording;
    private final Clock clock;

    DecidingStatementLine(BankStatements statements, InvoiceCopies invoices, RecordingPayment recording, Clock clock) {
        this.statements = statements;
        this.invoices = invoices;
        this.recording = recording;
        this.clock = clock;
    }

    @Transactional
    BankStatements.Line confirm(UUID importId, UUID lineId, UUID invoiceId, UUID customerId) {
        BankStatements.Line line = locked(importId, lineId);
        if (line.status().equals("CONFIRMED")) {
            return line;
        }
        if (line.status().equals("IGNORED")) {
            throw ApiProblem.conflict("lineId", "the line was ignored as not a customer's payment");
        }
        StatementLine entry = line.entry();
        if (!entry.credit()) {
            throw ApiProblem.conflict("lineId", "the line is a debit: money that left the account is not a customer's payment");
        }
        UUID customer = customerId;
        if (invoiceId != null) {
            InvoiceCopies.InvoiceCopy invoice = invoices.find(invoiceId).orElseThrow(() -> ApiProblem.unprocessable("invoiceId",
                    "no issued invoice " + invoiceId + " is known here"));
            if (!invoice.currency().equals(entry.currency())) {
                throw ApiProblem.unprocessable("invoiceId", "invoice " + invoice.number() + " is in " + invoice.currency()
                        + ", the line in " + entry.currency());
            }
            customer = customer == null ? invoice.customerId() : customer;
        } else if (customer == null) {
            throw ApiProblem.badRequest("customerId", "give invoiceId, or customerId to keep the money as that customer's credit");
        }
        Payment payment = recording.record(new RecordingPayment.ManualPayment(customer, invoiceId, entry.amount(), entry.currency(),
                BANK_TRANSFER, entry.entryReference(), entry.bookingDate()));
        statements.decide(lineId, "CONFIRMED", payment.id(), invoiceId, customer, clock.instant(), Actor.current().id());
        return statements.line(lineId);
    }

    @Transactional
    BankStatements.Line ignore(UUID importId, UUID lineId) {
        BankStatements.Line line = locked(importId, lineId);
        if (line.status().equals("CONFIRMED")) {
            throw ApiProblem.conflict("lineId", "the line is confirmed as payment " + line.paymentId());
        }
        if (line.status().equals("OPEN")) {
            statements.decide(lineId, "IGNORED", null, null, null, clock.instant(), Actor.current().id());
        }
        return statements.line(lineId);
    }

    private BankStatements.Line locked(UUID importId, UUID lineId) {
        return statements.locked(importId, lineId).orElseThrow(() -> ApiProblem.notFound("lineId", "Statement line", lineId));
    }
}
