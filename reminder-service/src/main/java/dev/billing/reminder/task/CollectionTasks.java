package dev.billing.reminder.task;

import dev.billing.events.EventCatalog;
import dev.billing.events.reminder.CollectionTaskClosed;
import dev.billing.events.reminder.CollectionTaskOpened;
import dev.billing.support.events.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Staff tasks of collections: opened by an escalation step or a broken promise (announced as {@code CollectionTaskOpened}),
 * or about a dispute ({@code FollowingDisputes}), done by staff, or closed by themselves when the invoice is paid or cancelled
 * or the dispute's reply was given or the dispute ended ({@code CollectionTaskClosed}).
 */
@Repository
public class CollectionTasks {
    public static final String OPEN = "OPEN";
    public static final String DONE = "DONE";
    public static final String CLOSED = "CLOSED";
    private final JdbcClient jdbc;
    private final Outbox outbox;

    CollectionTasks(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** {@code disputeId}: the dispute the task is about (null for a task about the invoice's collection). */
    public record Task(UUID id, UUID customerId, UUID invoiceId, String reason, String nextAction, String assignee, String status,
                       String resolution, LocalDate dueOn, Instant openedAt, Instant closedAt, List<Comment> comments, UUID disputeId) {
    }

    public record Comment(String author, String text, Instant writtenAt) {
    }

    /** What a list asks for; null: any. */
    public record Filter(String assignee, String status, UUID customerId, LocalDate dueBy) {
    }

    public Task open(UUID customerId, UUID invoiceId, String reason, String nextAction, LocalDate dueOn, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into collection_task (id, customer_id, invoice_id, reason, next_action, status, due_on, opened_at)
                        values (?, ?, ?, ?, ?, 'OPEN', ?, ?)""")
                .param(id).param(customerId).param(invoiceId).param(reason).param(nextAction).param(dueOn).param(Timestamp.from(now))
                .update();
        outbox.add(EventCatalog.COLLECTION_TASK_OPENED, customerId, "task/" + id,
                new CollectionTaskOpened(id, customerId, invoiceId, reason + " " + nextAction, now));
        return find(id).orElseThrow();
    }

    /**
     * Opens a task of {@code kind} about a dispute for {@code assignee} (null: the team), announced like any other; none
     * when the dispute has one of that kind already (an open {@code DISPUTE_REPLY}; any {@code DISPUTE_OVERDUE}, ever).
     */
    public Optional<Task> openForDispute(UUID disputeId, String kind, UUID customerId, UUID invoiceId, String assignee, String reason,
                                         String nextAction, LocalDate dueOn, Instant now) {
        UUID id = UUID.randomUUID();
        boolean opened = jdbc.sql("""
                        insert into collection_task (id, customer_id, invoice_id, reason, next_action, assignee, status, due_on, opened_at,
                            dispute_id, kind)
                        values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?) on conflict do nothing""")
                .param(id).param(customerId).param(invoiceId).param(reason).param(nextAction).param(assignee).param(dueOn)
                .param(Timestamp.from(now)).param(disputeId).param(kind)
                .update() == 1;
        if (!opened) {
            return Optional.empty();
        }
        outbox.add(EventCatalog.COLLECTION_TASK_OPENED, customerId, "task/" + id,
                new CollectionTaskOpened(id, customerId, invoiceId, reason + " " + nextAction, now));
        return find(id);
    }

    /** Closes the dispute's open tasks of these kinds (all of them when none is given) with {@code resolution}. */
    public void closeForDispute(UUID disputeId, String resolution, Instant now, String... kinds) {
        String ofKinds = kinds.length == 0 ? "" : " and kind in (" + String.join(", ", java.util.Collections.nCopies(kinds.length, "?")) + ")";
        JdbcClient.StatementSpec sql = jdbc.sql("update collection_task set status = 'CLOSED', resolution = ?, closed_at = ?"
                        + " where dispute_id = ? and status = 'OPEN'" + ofKinds + " returning *")
                .param(resolution).param(Timestamp.from(now)).param(disputeId);
        for (String kind : kinds) {
            sql = sql.param(kind);
        }
        sql.query(CollectionTasks::row).list().forEach(task -> announceClosed(task, now));
    }

    /** Closes the invoice's open tasks with {@code resolution} (status {@link #CLOSED}: nothing is left to do). */
    public void closeForInvoice(UUID invoiceId, String resolution, Instant now) {
        List<Task> closed = jdbc.sql("""
                        update collection_task set status = 'CLOSED', resolution = ?, closed_at = ?
                        where invoice_id = ? and status = 'OPEN' returning *""")
                .param(resolution).param(Timestamp.from(now)).param(invoiceId).query(CollectionTasks::row).list();
        closed.forEach(task -> announceClosed(task, now));
    }

    /** Staff finished the task: false if it was not open any more. */
    public boolean complete(UUID id, String resolution, Instant now) {
        Optional<Task> done = jdbc.sql("update collection_task set status = 'DONE', resolution = ?, closed_at = ? where id = ? and status = 'OPEN' returning *")
                .param(resolution).param(Timestamp.from(now)).param(id).query(CollectionTasks::row).optional();
        done.ifPresent(task -> announceClosed(task, now));
        return done.isPresent();
    }

    public boolean assign(UUID id, String assignee) {
        return jdbc.sql("update collection_task set assignee = ? where id = ?").param(assignee).param(id).update() == 1;
    }

    public void comment(UUID id, String author, String text, Instant now) {
        jdbc.sql("insert into collection_task_comment (id, task_id, author, text, written_at) values (?, ?, ?, ?, ?)")
                .param(UUID.randomUUID()).param(id).param(author).param(text).param(Timestamp.from(now)).update();
    }

    public Optional<Task> find(UUID id) {
        return jdbc.sql("select * from collection_task where id = ?").param(id).query(CollectionTasks::row).optional()
                .map(this::withComments);
    }

    public List<Task> list(Filter filter, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        params.add(size);
        params.add((long) page * size);
        JdbcClient.StatementSpec sql = jdbc.sql("select * from collection_task" + where + " order by due_on, opened_at, id limit ? offset ?");
        for (Object param : params) {
            sql = sql.param(param);
        }
        return sql.query(CollectionTasks::row).list();
    }

    public long count(Filter filter) {
        List<Object> params = new ArrayList<>();
        JdbcClient.StatementSpec sql = jdbc.sql("select count(*) from collection_task" + where(filter, params));
        for (Object param : params) {
            sql = sql.param(param);
        }
        return sql.query(Long.class).single();
    }

    private static String where(Filter filter, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (filter.assignee() != null) {
            conditions.add("assignee = ?");
            params.add(filter.assignee());
        }
        if (filter.status() != null) {
            conditions.add("status = ?");
            params.add(filter.status());
        }
        if (filter.customerId() != null) {
            conditions.add("customer_id = ?");
            params.add(filter.customerId());
        }
        if (filter.dueBy() != null) {
            conditions.add("due_on <= ?");
            params.add(filter.dueBy());
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private void announceClosed(Task task, Instant now) {
        outbox.add(EventCatalog.COLLECTION_TASK_CLOSED, task.customerId(), "task/" + task.id(),
                new CollectionTaskClosed(task.id(), task.customerId(), task.invoiceId(), task.resolution(), now));
    }

    private Task withComments(Task task) {
        List<Comment> comments = jdbc.sql("select author, text, written_at from collection_task_comment where task_id = ? order by written_at, id")
                .param(task.id())
                .query((rs, n) -> new Comment(rs.getString("author"), rs.getString("text"), rs.getTimestamp("written_at").toInstant()))
                .list();
        return new Task(task.id(), task.customerId(), task.invoiceId(), task.reason(), task.nextAction(), task.assignee(), task.status(),
                task.resolution(), task.dueOn(), task.openedAt(), task.closedAt(), comments, task.disputeId());
    }

    private static Task row(ResultSet rs, int n) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Task(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getObject("invoice_id", UUID.class),
                rs.getString("reason"), rs.getString("next_action"), rs.getString("assignee"), rs.getString("status"),
                rs.getString("resolution"), rs.getDate("due_on").toLocalDate(), rs.getTimestamp("opened_at").toInstant(),
                closed == null ? null : closed.toInstant(), List.of(), rs.getObject("dispute_id", UUID.class));
    }
}
