package dev.billing.dispute.dispute;

import dev.billing.events.EventCatalog;
import dev.billing.events.dispute.DisputeResponseOverdue;
import dev.billing.support.events.Outbox;
import dev.billing.support.time.DueWork;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes {@code DisputeResponseOverdue} for each dispute still open whose first response did not come by its
 * {@code respondBy}: every {@code DISPUTE_SCAN_INTERVAL} and on each test-clock move. The row is marked in the same
 * statement that picks it (locked, skipping rows another scan or a request holds) and its event enters the outbox in
 * that transaction, so each dispute is reported once however often the scan runs, across restarts and instances.
 */
@Component
public class OverdueResponses implements DueWork {
    private static final int BATCH = 500;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;

    OverdueResponses(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${dispute.scan-interval}")
    public void scheduled() {
        runDueWork(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Override
    public synchronized void runDueWork(Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Integer reported;
        do {
            reported = transactions.execute(status -> batch(now));
        } while (reported != null && reported == BATCH);
    }

    private int batch(Instant now) {
        Timestamp at = Timestamp.from(now);
        List<Outbox.Entry<DisputeResponseOverdue>> events = jdbc.sql("""
                        with due as (
                            select id from dispute
                            where status in ('OPEN', 'UNDER_REVIEW') and first_response_at is null and overdue_published_at is null
                              and respond_by < ?
                            order by respond_by limit ? for update skip locked)
                        update dispute d set overdue_published_at = ?, updated_at = ? from due where d.id = due.id
                        returning d.id, d.customer_id, d.invoice_id, d.assignee, d.respond_by""")
                .param(at).param(BATCH).param(at).param(at)
                .query((rs, n) -> new Outbox.Entry<>(rs.getObject("customer_id", UUID.class), "dispute/" + rs.getObject("id", UUID.class),
                        new DisputeResponseOverdue(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                                rs.getObject("invoice_id", UUID.class), rs.getString("assignee"), rs.getTimestamp("respond_by").toInstant(), now),
                        outbox.currentTraceparent()))
                .list();
        outbox.addAll(EventCatalog.DISPUTE_RESPONSE_OVERDUE, events);
        return events.size();
    }
}
