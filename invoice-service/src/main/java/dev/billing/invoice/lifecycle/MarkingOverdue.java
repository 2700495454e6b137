package dev.billing.invoice.lifecycle;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.InvoiceOverdue;
import dev.billing.support.events.Outbox;
import dev.billing.support.time.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day after the due date (in the account's time zone) an open invoice is marked overdue, once,
 * and {@code InvoiceOverdue} is emitted. Set-based: one UPDATE ... RETURNING per batch of invoices.
 * Local dates come from PostgreSQL's time-zone functions, applied only to names from
 * {@code pg_timezone_names}: an invoice whose stored zone PostgreSQL does not know (written before
 * zones were checked on entry) is skipped, logged and shown by a gauge, and never fails the scan for the others.
 */
@Component
public class MarkingOverdue implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(MarkingOverdue.class);
    private static final int BATCH = 1000;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter marked;
    private final AtomicLong unmarkable = new AtomicLong();

    public MarkingOverdue(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
        this.marked = Counter.builder("invoice.overdue.marked").register(meters);
        // a gauge, not a counter: the same invoice stays unmarkable scan after scan and must count once
        Gauge.builder("invoice.overdue.unmarkable", unmarkable, AtomicLong::get)
                .description("open invoices the last scan could not date because PostgreSQL does not know their time zone")
                .register(meters);
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
        countUnknownZones(now);
    }

    /** Marks up to one batch; returns how many it marked. */
    private int markBatch(Instant now) {
        List<Overdue> overdue = jdbc.sql("""
                        update invoice i set overdue_at = :now
                        from (
                            select o.id, z.today from invoice o
                            join (select name, (cast(:now as timestamptz) at time zone name)::date as today
                                  from pg_timezone_names) z on z.name = o.bill_to_time_zone
                            where o.status in ('ISSUED', 'PARTIALLY_PAID') and o.overdue_at is null and o.open_amount > 0
                              and o.due_date < z.today
                            limit :batch for update of o skip locked) due
                        where i.id = due.id
                        returning i.id, i.number, i.customer_id, i.due_date, due.today - i.due_date as days_overdue,
                            i.currency, i.open_amount""")
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

    private record UnknownZone(String invoice, long total) {
    }

    /** Open invoices that may be past due somewhere on earth but carry a zone PostgreSQL does not know. */
    private void countUnknownZones(Instant now) {
        List<UnknownZone> first = jdbc.sql("""
                        select id || ' (' || bill_to_time_zone || ')' as invoice, count(*) over () as total from invoice
                        where status in ('ISSUED', 'PARTIALLY_PAID') and overdue_at is null and open_amount > 0
                          and due_date < :latest and bill_to_time_zone not in (select name from pg_timezone_names)
                        order by due_date, id limit 10""")
                // no time zone is more than 14 hours ahead of UTC: nothing due from tomorrow (UTC) on can be overdue
                .param("latest", now.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1))
                .query((rs, n) -> new UnknownZone(rs.getString("invoice"), rs.getLong("total")))
                .list();
        unmarkable.set(first.isEmpty() ? 0 : first.get(0).total());
        if (!first.isEmpty()) {
            log.warn("{} open invoices are not marked overdue: PostgreSQL does not know their time zone (bill_to_time_zone "
                    + "must be a name from pg_timezone_names). The first: {}", first.get(0).total(),
                    first.stream().map(UnknownZone::invoice).toList());
        }
    }
}
