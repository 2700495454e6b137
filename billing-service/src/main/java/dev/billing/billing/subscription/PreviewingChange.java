package dev.billing.billing.subscription;

import dev.billing.billing.charge.PendingCharges;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a change would do, without doing it: the change runs as {@link ChangingSubscription} runs it, in a
 * transaction that is always rolled back, so the preview cannot differ from the change made a moment later
 * on the same terms. It answers the prorated credits and charges the change would leave for the next invoice
 * and, for a change from a later date, that date.
 */
@Service
public class PreviewingChange {
    private final ChangingSubscription changing;
    private final Subscriptions subscriptions;
    private final ScheduledChanges scheduled;
    private final PendingCharges pending;
    private final TransactionTemplate rolledBack;

    PreviewingChange(ChangingSubscription changing, Subscriptions subscriptions, ScheduledChanges scheduled,
                     PendingCharges pending, PlatformTransactionManager transactions) {
        this.changing = changing;
        this.subscriptions = subscriptions;
        this.scheduled = scheduled;
        this.pending = pending;
        this.rolledBack = new TransactionTemplate(transactions);
    }

    /** The outcome: the subscription as changed, the charges the change adds, and the date of a change that waits. */
    public record Preview(Subscription changed, List<PendingCharges.Charge> charges, LocalDate scheduledFor) {
        public BigDecimal net() {
            return charges.stream().map(PendingCharges.Charge::net).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    public Preview preview(UUID id, String description, BigDecimal quantity, BigDecimal unitPrice, LocalDate effective) {
        return rolledBack.execute(status -> {
            status.setRollbackOnly();
            Subscription s = subscriptions.find(id).orElseThrow(() -> ApiProblem.notFound("Subscription", id));
            Set<UUID> before = pending.open(s.customerId()).stream().map(PendingCharges.Charge::id).collect(Collectors.toSet());
            boolean waitingBefore = scheduled.find(id).isPresent();
            Subscription changed = changing.change(id, description, quantity, unitPrice, effective);
            List<PendingCharges.Charge> added = pending.open(s.customerId()).stream()
                    .filter(c -> !before.contains(c.id())).toList();
            LocalDate waitsUntil = waitingBefore ? null : scheduled.find(id).map(ApplyingChange.Change::effective).orElse(null);
            return new Preview(changed, added, waitsUntil);
        });
    }
}
