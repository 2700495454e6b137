package dev.billing.billing.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** At most one change per subscription that takes effect after its current period. */
@Repository
public class ScheduledChanges {
    private final JdbcClient jdbc;

    public ScheduledChanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Schedules {@code change}; false when one is scheduled already. */
    boolean schedule(UUID subscriptionId, ApplyingChange.Change change, Instant at) {
        return jdbc.sql("""
                        insert into scheduled_change (subscription_id, effective_date, description, quantity, unit_price, scheduled_at)
                        values (:id, :date, :description, :quantity, :price, :at) on conflict do nothing""")
                .param("id", subscriptionId).param("date", change.effective()).param("description", change.description())
                .param("quantity", change.quantity()).param("price", change.unitPrice()).param("at", Timestamp.from(at))
                .update() == 1;
    }

    public Optional<ApplyingChange.Change> find(UUID subscriptionId) {
        return Optional.ofNullable(findAll(List.of(subscriptionId)).get(subscriptionId));
    }

    /** The scheduled changes of these subscriptions, by subscription, in one statement. */
    public Map<UUID, ApplyingChange.Change> findAll(Collection<UUID> subscriptionIds) {
        Map<UUID, ApplyingChange.Change> changes = new HashMap<>();
        jdbc.sql("select * from scheduled_change where subscription_id = any(:ids::uuid[])")
                .param("ids", subscriptionIds.toArray(UUID[]::new))
                .query((RowCallbackHandler) rs -> changes.put(rs.getObject("subscription_id", UUID.class),
                        new ApplyingChange.Change(rs.getString("description"), plain(rs.getBigDecimal("quantity")),
                                plain(rs.getBigDecimal("unit_price")), rs.getObject("effective_date", LocalDate.class))));
        return changes;
    }

    public void delete(UUID subscriptionId) {
        jdbc.sql("delete from scheduled_change where subscription_id = :id").param("id", subscriptionId).update();
    }

    /** Drops a scheduled change that would take effect on or after {@code endDate}, when the subscription no longer runs. */
    void dropFrom(UUID subscriptionId, LocalDate endDate) {
        jdbc.sql("delete from scheduled_change where subscription_id = :id and effective_date >= :end")
                .param("id", subscriptionId).param("end", endDate).update();
    }

    private static java.math.BigDecimal plain(java.math.BigDecimal value) {
        return value == null ? null : Subscriptions.plain(value);
    }
}
