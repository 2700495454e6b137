package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.Outbox;
import dev.billing.support.time.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day after the due date (in the account's time zone) an open invoice is marked overdue, once,
 * and {@code InvoiceOverdue} is emitted. Set-based: one UPDATE ... RETURNING per batch of invoices.
 */
@Component
public class MarkingOverdue implements DueWork {
    private static final int BATCH = 1000;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter marked;

    public MarkingOverdue(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
        this.marked = Counter.builder("invoice.overdue.marked").register(meters);
    }

    private record Overdue(UUID id, String number, UUID customerId, LocalDate dueDate, int daysOverdue, String currency,
                           BigDecimal openAmount) {
    }

    @Scheduled(fixedDelayString = "${invoice.overdue.scan-interval:1h}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        Integer count;
        do {
            count = transactions.execute(status -> markBatch(now));
        } while (count != null && count == BATCH);
    }

    /** Marks up to one batch; returns how many it marked. */
    private int markBatch(Instant now) {
        List<Overdue> overdue = jdbc.sql("""
                        update invoice set overdue_at = :now
                        where id in (
                            select id from invoice
                            where status in ('ISSUED', 'PARTIALLY_PAID') and overdue_at is null and open_amount > 0
                              and due_date < (cast(:now as timestamptz) at time zone bill_to_time_zone)::date
                            limit :batch for update skip locked)
                        returning id, number, customer_id, due_date,
                            ((cast(:now as timestamptz) at time zone bill_to_time_zone)::date - due_date) as days_overdue,
                            currency, open_amount""")
                .param("now", Timestamp.from(now)).param("batch", BATCH)
                .query((rs, n) -> new Overdue(rs.getObject("id", UUID.class), rs.getString("number"),
                        rs.getObject("customer_id", UUID.class), rs.getObject("due_date", LocalDate.class),
                        rs.getInt("days_overdue"), rs.getString("currency"), rs.getBigDecimal("open_amount")))
                .list();
        for (Overdue o : overdue) {
            outbox.add(EventCatalog.INVOICE_OVERDUE, o.customerId(), "invoice/" + o.id(),
                    new InvoiceOverdue(o.id(), o.number(), o.customerId(), o.dueDate(), o.daysOverdue(), o.currency(),
                            o.openAmount().setScale(dev.billing.support.money.Money.minorDigits(
                                    java.util.Currency.getInstance(o.currency())), java.math.RoundingMode.HALF_UP)));
        }
        marked.increment(overdue.size());
        return overdue.size();
    }
}
