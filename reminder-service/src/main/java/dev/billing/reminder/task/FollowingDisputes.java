package dev.billing.reminder.task;

import dev.billing.events.dispute.DisputeMessagePosted;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeResponseOverdue;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.reminder.plan.Receivables;
import dev.billing.support.events.InvalidEventException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The collection tasks a dispute gives staff (dispute.events): a customer's message opens "reply to the customer"
 * ({@link #REPLY}) for the dispute's assignee, or the team when it has none, unless one is open for the dispute already;
 * a staff message the customer sees closes it (and the {@link #OVERDUE} task: that was the response). An overdue first
 * response ({@code DisputeResponseOverdue}) opens "SLA overdue", once per dispute. The dispute's end (resolved or
 * withdrawn) closes whatever of its tasks is still open. Each is announced as {@code CollectionTaskOpened} /
 * {@code CollectionTaskClosed}, so the staff panel hears of it. Tasks are due the day they open, in the invoice's time zone.
 * The events name the dispute's invoice ({@code DisputeResponseOverdue.invoiceId} is required; dispute-service always
 * sets {@code DisputeMessagePosted.invoiceId}): a message without it is invalid and goes to the dead-letter topic.
 */
@Service
public class FollowingDisputes {
    public static final String REPLY = "DISPUTE_REPLY";
    public static final String OVERDUE = "DISPUTE_OVERDUE";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private final CollectionTasks tasks;
    private final Receivables receivables;
    private final Clock clock;

    FollowingDisputes(CollectionTasks tasks, Receivables receivables, Clock clock) {
        this.tasks = tasks;
        this.receivables = receivables;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void messagePosted(DisputeMessagePosted message) {
        Instant now = clock.instant();
        if ("CUSTOMER".equals(message.side())) {
            // the reply task is about the invoice; closing the dispute's tasks (a staff message) needs none
            if (message.invoiceId() == null) {
                throw new InvalidEventException("DisputeMessagePosted " + message.messageId() + " of dispute " + message.disputeId()
                        + " names no invoiceId");
            }
            UUID invoiceId = message.invoiceId();
            tasks.openForDispute(message.disputeId(), REPLY, message.customerId(), invoiceId, blankToNull(message.assignee()),
                    "The customer wrote in the dispute about invoice " + invoiceNumber(invoiceId) + ".",
                    "Reply to the customer in the dispute.", today(invoiceId, now), now);
        } else if ("STAFF".equals(message.side())) {
            tasks.closeForDispute(message.disputeId(), "answered in the dispute by " + message.author(), now, REPLY, OVERDUE);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void responseOverdue(DisputeResponseOverdue overdue) {
        Instant now = clock.instant();
        UUID invoiceId = overdue.invoiceId();
        ZoneId zone = zone(invoiceId);
        tasks.openForDispute(overdue.disputeId(), OVERDUE, overdue.customerId(), invoiceId, blankToNull(overdue.assignee()),
                "SLA overdue: the first response to the dispute about invoice " + invoiceNumber(invoiceId) + " was due by "
                        + WHEN.format(overdue.respondBy().atZone(zone)) + " (" + zone.getId() + ").",
                "Answer the customer in the dispute now.", now.atZone(zone).toLocalDate(), now);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void resolved(DisputeResolved dispute) {
        tasks.closeForDispute(dispute.disputeId(), "the dispute was resolved (" + dispute.outcome() + ")", clock.instant());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void withdrawn(DisputeWithdrawn dispute) {
        tasks.closeForDispute(dispute.disputeId(), "the customer withdrew the dispute", clock.instant());
    }

    private String invoiceNumber(UUID invoiceId) {
        return receivables.find(invoiceId).map(Receivables.Receivable::number).filter(n -> n != null).orElse(invoiceId.toString());
    }

    private ZoneId zone(UUID invoiceId) {
        return receivables.find(invoiceId).map(Receivables.Receivable::timeZone).filter(z -> z != null).map(ZoneId::of)
                .orElse(ZoneId.of("UTC"));
    }

    private LocalDate today(UUID invoiceId, Instant now) {
        return now.atZone(zone(invoiceId)).toLocalDate();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
