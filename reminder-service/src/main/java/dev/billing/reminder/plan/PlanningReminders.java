package dev.billing.reminder.plan;

import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.InvoiceReopened;
import dev.billing.reminder.instalment.PaymentPlans;
import dev.billing.reminder.policy.DunningPolicies;
import dev.billing.reminder.policy.DunningPolicy;
import dev.billing.reminder.task.CollectionTasks;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each invoice's reminder plan in step with what happens to the invoice: planned from the customer's policy when
 * it is issued; cancelled when it is paid, cancelled or credited to zero (also when that news comes first), and its
 * payment plan with it; kept with
 * the new amount when partly paid; planned again from today when it reopens; paused by disputes and by staff, and
 * shifted by the paused time when it resumes, so no missed steps burst out at once.
 */
@Service
public class PlanningReminders {
    /** Who paused a plan: an open dispute, or staff. */
    public static final String DISPUTE = "DISPUTE";
    public static final String STAFF = "STAFF";
    /** The pause reason of a plan whose dispute ended in a re-issue: it waits for the storno. */
    static final String REISSUING = "the dispute ended in a re-issue: the storno cancels this invoice and the corrected one is planned anew";
    private final Receivables receivables;
    private final ReminderSteps steps;
    private final DunningPolicies policies;
    private final CollectionTasks tasks;
    private final PaymentPlans paymentPlans;
    private final Clock clock;

    PlanningReminders(Receivables receivables, ReminderSteps steps, DunningPolicies policies, CollectionTasks tasks,
                      PaymentPlans paymentPlans, Clock clock) {
        this.paymentPlans = paymentPlans;
        this.receivables = receivables;
        this.steps = steps;
        this.policies = policies;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void issued(InvoiceIssued invoice) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = receivables.lockOrCreate(invoice.invoiceId(), invoice.customerId(), now);
        DunningPolicies.Assignment assignment = policies.forCustomer(invoice.customerId());
        DunningPolicy policy = assignment.policy();
        receivables.issued(invoice.invoiceId(), invoice.number(), invoice.dueDate(), invoice.currency(), invoice.openAmount(),
                invoice.billTo().timeZone(), policy.id(), policy.version(), now);
        if (!Receivables.UNSEEN.equals(receivable.state())) {
            return; // paid or cancelled before this event came: nothing to remind of
        }
        if (assignment.excluded()) {
            return; // the plan view says why there is none
        }
        steps.plan(invoice.invoiceId(), invoice.customerId(), 0, ReminderPlan.of(policy, invoice.dueDate()), now);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void paid(InvoicePaid paid) {
        close(paid.invoiceId(), paid.customerId(), Receivables.PAID, "paid (" + paid.settledBy().toLowerCase(Locale.ROOT) + ")");
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void cancelled(InvoiceCancelled cancelled) {
        close(cancelled.invoiceId(), cancelled.customerId(), Receivables.CANCELLED, "cancelled by storno " + cancelled.stornoNumber());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void partiallyPaid(InvoicePartiallyPaid paid) {
        Receivables.Receivable receivable = receivables.lockOrCreate(paid.invoiceId(), paid.customerId(), clock.instant());
        receivables.partlyPaid(receivable.invoiceId(), paid.openAmount(), clock.instant());
    }

    /** A credit note that leaves nothing to pay ends the plan (Kill Bill #695: the overdue state stayed after a credit). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void credited(CreditNoteIssued credit) {
        if (credit.openAmount().signum() == 0) {
            close(credit.invoiceId(), credit.customerId(), Receivables.PAID, "credited in full by " + credit.number());
        } else {
            Receivables.Receivable receivable = receivables.lockOrCreate(credit.invoiceId(), credit.customerId(), clock.instant());
            receivables.openAmount(receivable.invoiceId(), credit.openAmount(), clock.instant());
        }
    }

    /**
     * A refund opened a paid invoice again: a new round of the plan from today on, with the customer's policy as it is
     * now (an excluded customer gets none). News of a reopen before the issue makes the invoice unseen again, so that
     * its issue plans it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reopened(InvoiceReopened reopened) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = receivables.lockOrCreate(reopened.invoiceId(), reopened.customerId(), now);
        if (receivable.open()) {
            receivables.openAmount(receivable.invoiceId(), reopened.openAmount(), now);
            return;
        }
        int round = receivable.round() + 1;
        DunningPolicies.Assignment assignment = policies.forCustomer(receivable.customerId());
        DunningPolicy policy = assignment.policy();
        receivables.reopen(receivable.invoiceId(), reopened.openAmount(), round, policy.id(), policy.version(), now);
        if (receivable.dueDate() != null && !assignment.excluded()) {
            steps.plan(receivable.invoiceId(), receivable.customerId(), round,
                    ReminderPlan.from(ReminderPlan.of(policy, receivable.dueDate()), receivable.today(now)), now);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void disputeOpened(DisputeOpened dispute) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = receivables.lockOrCreate(dispute.invoiceId(), dispute.customerId(), now);
        boolean pausedAlready = receivable.pausedAt() != null;
        receivables.paused(receivable.invoiceId(), pausedAlready ? receivable.pausedAt() : now, pausedAlready ? receivable.pausedBy() : DISPUTE,
                pausedAlready ? receivable.pauseReason() : "a dispute is open", receivable.disputesOpen() + 1, now);
    }

    /**
     * A dispute ended with an outcome. {@code REJECTED} and {@code CREDIT_NOTE}: when it was the last open one, a plan the
     * disputes paused goes on, moved by the time it was paused (the credit note's {@code CreditNoteIssued} then sets what
     * is left to remind of, or ends the plan when nothing is). {@code REISSUE}: the invoice is to be cancelled by storno
     * and replaced, so its plan stays paused until the storno's {@code InvoiceCancelled} ends it (the corrected invoice
     * is planned anew by its own issue); resuming in between could remind of an invoice that is being cancelled. Should
     * the storno never come, staff resume the plan by hand.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void disputeResolved(DisputeResolved dispute) {
        disputeEnded(dispute.invoiceId(), dispute.customerId(), "REISSUE".equals(dispute.outcome()));
    }

    /** The customer withdrew the dispute: like a rejection, the invoice stands and its reminders resume, shifted. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void disputeWithdrawn(DisputeWithdrawn dispute) {
        disputeEnded(dispute.invoiceId(), dispute.customerId(), false);
    }

    private void disputeEnded(UUID invoiceId, UUID customerId, boolean reissued) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = receivables.lockOrCreate(invoiceId, customerId, now);
        int open = Math.max(0, receivable.disputesOpen() - 1);
        if (open == 0 && DISPUTE.equals(receivable.pausedBy())) {
            if (reissued && !Receivables.CANCELLED.equals(receivable.state()) && !Receivables.PAID.equals(receivable.state())) {
                receivables.paused(invoiceId, receivable.pausedAt(), DISPUTE, REISSUING, 0, now);
            } else {
                resume(receivable, now);
                receivables.paused(invoiceId, null, null, null, 0, now);
            }
        } else {
            receivables.paused(invoiceId, receivable.pausedAt(), receivable.pausedBy(), receivable.pauseReason(), open, now);
        }
    }

    /** Staff pause one invoice's reminders, saying why. */
    @Transactional
    public Receivables.Receivable pause(UUID invoiceId, String reason) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = known(invoiceId);
        if (!receivable.open()) {
            throw ApiProblem.conflict("invoiceId", "the invoice is " + receivable.state() + "; it has no reminders to pause");
        }
        receivables.paused(invoiceId, receivable.pausedAt() == null ? now : receivable.pausedAt(), STAFF, reason,
                receivable.disputesOpen(), now);
        return receivables.find(invoiceId).orElseThrow();
    }

    /** Staff end their pause; a dispute that is still open keeps the plan paused. */
    @Transactional
    public Receivables.Receivable resume(UUID invoiceId) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = known(invoiceId);
        if (receivable.pausedAt() == null) {
            return receivable;
        }
        if (receivable.disputesOpen() > 0) {
            receivables.paused(invoiceId, receivable.pausedAt(), DISPUTE, "a dispute is open", receivable.disputesOpen(), now);
        } else {
            resume(receivable, now);
            receivables.paused(invoiceId, null, null, null, 0, now);
        }
        return receivables.find(invoiceId).orElseThrow();
    }

    /** The customer is excluded from dunning from now on: what is still planned for them is cancelled. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void excluded(UUID customerId) {
        steps.cancelPlannedOfCustomer(customerId, "the customer was excluded from dunning", clock.instant());
    }

    /** A promise to pay by {@code on}: the reminders hold until then; if the day passes unpaid, a task opens. */
    @Transactional
    public Receivables.Receivable promise(UUID invoiceId, LocalDate on, String amountText) {
        Receivables.Receivable receivable = known(invoiceId);
        if (!receivable.open()) {
            throw ApiProblem.conflict("invoiceId", "the invoice is " + receivable.state()
                    + "; a promise is for an open invoice");
        }
        if (on.isBefore(receivable.today(clock.instant()))) {
            throw ApiProblem.unprocessable("promisedOn", "must be today or later");
        }
        BigDecimal amount = amountText == null ? null : RequestValues.amountIn("amount", amountText, receivable.currency());
        receivables.promised(invoiceId, on, amount, clock.instant());
        return receivables.find(invoiceId).orElseThrow();
    }

    private Receivables.Receivable known(UUID invoiceId) {
        Receivables.Receivable receivable = receivables.find(invoiceId)
                .filter(r -> !Receivables.UNSEEN.equals(r.state()))
                .orElseThrow(() -> ApiProblem.notFound("invoiceId", "Invoice", invoiceId));
        return receivables.lockOrCreate(receivable.invoiceId(), receivable.customerId(), clock.instant());
    }

    private void resume(Receivables.Receivable receivable, Instant now) {
        if (receivable.pausedAt() != null && receivable.timeZone() != null) {
            ZoneId zone = ZoneId.of(receivable.timeZone());
            long days = ChronoUnit.DAYS.between(receivable.pausedAt().atZone(zone).toLocalDate(), now.atZone(zone).toLocalDate());
            if (days > 0) {
                steps.shiftPlanned(receivable.invoiceId(), days, now);
                paymentPlans.shiftOpen(receivable.invoiceId(), days, now);
            }
        }
    }

    private void close(UUID invoiceId, UUID customerId, String state, String reason) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = receivables.lockOrCreate(invoiceId, customerId, now);
        receivables.close(receivable.invoiceId(), state, reason, now);
        steps.cancelPlanned(invoiceId, reason, now);
        tasks.closeForInvoice(invoiceId, reason, now);
        paymentPlans.endFor(invoiceId, Receivables.PAID.equals(state) ? "COMPLETED" : "CANCELLED", reason, now);
    }
}
