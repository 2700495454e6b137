package dev.billing.invoice.issuing;

import dev.billing.events.billing.InvoiceRequested;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The dates of an invoice issued from a request. The issue date is the day it is issued (the
 * requested day, or today when the request is consumed late, e.g. from a backlog), so numbers follow
 * issue dates; the due date moves with it by the same days; the fulfilment (supply) date stays what
 * billing said: the period end in arrears, the cut date otherwise.
 */
public record IssueDates(LocalDate issueDate, LocalDate fulfilmentDate, LocalDate dueDate) {

    public static IssueDates of(InvoiceRequested request, LocalDate today) {
        LocalDate issue = today.isAfter(request.issueDate()) ? today : request.issueDate();
        long late = ChronoUnit.DAYS.between(request.issueDate(), issue);
        LocalDate due = request.dueDate() != null ? request.dueDate().plusDays(late) : issue.plusDays(request.paymentTermDays());
        LocalDate fulfilment = request.fulfilmentDate() != null ? request.fulfilmentDate() : request.issueDate();
        return new IssueDates(issue, fulfilment, due);
    }
}
