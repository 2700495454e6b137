package dev.billing.reminder.instalment;

import dev.billing.reminder.plan.Receivables;
import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff split an open invoice's open amount into instalments ({@link Instalments}); a plan can be made again with
 * other terms until its first instalment is due, and ended by staff. While it is active the policy's reminders hold.
 */
@Service
public class MakingPaymentPlan {
    private final Receivables receivables;
    private final PaymentPlans plans;
    private final Clock clock;

    MakingPaymentPlan(Receivables receivables, PaymentPlans plans, Clock clock) {
        this.receivables = receivables;
        this.plans = plans;
        this.clock = clock;
    }

    public record Terms(int instalments, Instalments.Frequency frequency, LocalDate firstDueOn) {
    }

    @Transactional
    public PaymentPlans.Plan make(UUID invoiceId, Terms terms) {
        Instant now = clock.instant();
        Receivables.Receivable receivable = openReceivable(invoiceId, now);
        plans.activeOf(invoiceId).ifPresent(active -> {
            throw ApiProblem.conflict("invoiceId", "the invoice has an active payment plan already: " + active.id());
        });
        List<Instalments.Instalment> instalments = split(receivable, terms, now);
        PaymentPlans.Plan plan = new PaymentPlans.Plan(UUID.randomUUID(), invoiceId, receivable.customerId(), receivable.currency(),
                receivable.openAmount(), terms.frequency().name(), PaymentPlans.ACTIVE, null, Actor.current().id(), now);
        plans.add(plan, instalments);
        return plan;
    }

    /** New terms for a plan that has not started: its first instalment is not due yet. */
    @Transactional
    public PaymentPlans.Plan edit(UUID planId, Terms terms) {
        Instant now = clock.instant();
        // the invoice's row first, then the plan's: the order the event handlers lock them in
        Receivables.Receivable receivable = openReceivable(known(planId).invoiceId(), now);
        active(planId);
        LocalDate first = plans.instalments(planId).get(0).dueOn();
        if (!receivable.today(now).isBefore(first)) {
            throw ApiProblem.conflict("status", "the plan started on " + first + "; a plan can be changed only before its first instalment is due");
        }
        plans.replace(planId, receivable.openAmount(), terms.frequency().name(), split(receivable, terms, now), now);
        return plans.find(planId).orElseThrow();
    }

    /** Staff end the plan: the policy's reminders go on. */
    @Transactional
    public PaymentPlans.Plan cancel(UUID planId, String reason) {
        PaymentPlans.Plan plan = known(planId);
        receivables.lockOrCreate(plan.invoiceId(), plan.customerId(), clock.instant());
        active(planId);
        plans.end(planId, "CANCELLED", reason, clock.instant());
        return plans.find(planId).orElseThrow();
    }

    private PaymentPlans.Plan known(UUID planId) {
        return plans.find(planId).orElseThrow(() -> ApiProblem.notFound("Payment plan", planId));
    }

    private PaymentPlans.Plan active(UUID planId) {
        PaymentPlans.Plan plan = plans.lock(planId).orElseThrow(() -> ApiProblem.notFound("Payment plan", planId));
        if (!PaymentPlans.ACTIVE.equals(plan.status())) {
            throw ApiProblem.conflict("status", "the plan is " + plan.status() + "; only an active plan can be changed");
        }
        return plan;
    }

    private Receivables.Receivable openReceivable(UUID invoiceId, Instant now) {
        Receivables.Receivable known = receivables.find(invoiceId).filter(r -> !Receivables.UNSEEN.equals(r.state()))
                .orElseThrow(() -> ApiProblem.notFound("invoiceId", "Invoice", invoiceId));
        Receivables.Receivable receivable = receivables.lockOrCreate(known.invoiceId(), known.customerId(), now);
        if (!receivable.open() || receivable.openAmount() == null || receivable.openAmount().signum() <= 0) {
            throw ApiProblem.conflict("invoiceId", "the invoice is " + receivable.state() + "; a payment plan is for an open amount");
        }
        return receivable;
    }

    private static List<Instalments.Instalment> split(Receivables.Receivable receivable, Terms terms, Instant now) {
        if (terms.firstDueOn().isBefore(receivable.today(now))) {
            throw ApiProblem.unprocessable("firstDueOn", "must be today or later");
        }
        if (terms.instalments() < 2 || terms.instalments() > Instalments.MAX_COUNT) {
            throw ApiProblem.badRequest("instalments", "must be 2 to " + Instalments.MAX_COUNT);
        }
        try {
            return Instalments.split(receivable.openAmount(), receivable.currency(), terms.instalments(), terms.frequency(), terms.firstDueOn());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.unprocessable("instalments", e.getMessage());
        }
    }
}
