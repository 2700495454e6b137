package dev.billing.reminder.plan;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/** The steps of the invoices' plans (plain SQL: plans are written and changed a whole invoice, or a scan batch, at a time). */
@Repository
public class ReminderSteps {
    private final JdbcClient jdbc;
    private final NamedParameterJdbcOperations batch;

    ReminderSteps(JdbcClient jdbc, NamedParameterJdbcOperations batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A step as the API shows it. */
    public record Step(UUID id, int round, int step, String channel, String template, String tone, LocalDate dueOn, String status,
                       String reason, Instant firedAt) {
    }

    void plan(UUID invoiceId, UUID customerId, int round, List<ReminderPlan.Planned> plan, Instant now) {
        batch.batchUpdate("""
                        insert into reminder_step (id, invoice_id, customer_id, round, step, channel, template, tone, due_on, status, updated_at)
                        values (:id, :invoice, :customer, :round, :step, :channel, :template, :tone, :dueOn, 'PLANNED', :now)
                        on conflict (invoice_id, round, step, channel) do nothing""",
                plan.stream().map(p -> (SqlParameterSource) new MapSqlParameterSource().addValue("id", UUID.randomUUID())
                        .addValue("invoice", invoiceId).addValue("customer", customerId).addValue("round", round)
                        .addValue("step", p.step()).addValue("channel", p.channel()).addValue("template", p.template())
                        .addValue("tone", p.tone().name()).addValue("dueOn", p.dueOn()).addValue("now", Timestamp.from(now)))
                        .toArray(SqlParameterSource[]::new));
    }

    /** Ends what is still planned for the invoice, saying why; answers how many. */
    int cancelPlanned(UUID invoiceId, String reason, Instant now) {
        return jdbc.sql("update reminder_step set status = 'CANCELLED', reason = ?, updated_at = ? where invoice_id = ? and status = 'PLANNED'")
                .param(reason).param(Timestamp.from(now)).param(invoiceId).update();
    }

    /** Ends what is still planned for any invoice of the customer. */
    void cancelPlannedOfCustomer(UUID customerId, String reason, Instant now) {
        jdbc.sql("update reminder_step set status = 'CANCELLED', reason = ?, updated_at = ? where customer_id = ? and status = 'PLANNED'")
                .param(reason).param(Timestamp.from(now)).param(customerId).update();
    }

    /** Moves what is still planned by {@code days}: after a pause, the rest of the plan follows it rather than bursting. */
    void shiftPlanned(UUID invoiceId, long days, Instant now) {
        jdbc.sql("update reminder_step set due_on = due_on + ?, updated_at = ? where invoice_id = ? and status = 'PLANNED'")
                .param((int) days).param(Timestamp.from(now)).param(invoiceId).update();
    }

    public List<Step> of(UUID invoiceId) {
        return jdbc.sql("select * from reminder_step where invoice_id = ? order by round, step, channel").param(invoiceId)
                .query((rs, n) -> {
                    Timestamp fired = rs.getTimestamp("fired_at");
                    return new Step(rs.getObject("id", UUID.class), rs.getInt("round"), rs.getInt("step"), rs.getString("channel"),
                            rs.getString("template"), rs.getString("tone"), rs.getDate("due_on").toLocalDate(), rs.getString("status"),
                            rs.getString("reason"), fired == null ? null : fired.toInstant());
                })
                .list();
    }

    /** How many reminders of the invoice went out (tasks not counted). */
    public int sentMessages(UUID invoiceId) {
        return jdbc.sql("select count(*) from reminder_step where invoice_id = ? and status = 'SENT' and channel <> 'TASK'")
                .param(invoiceId).query(Integer.class).single();
    }
}
