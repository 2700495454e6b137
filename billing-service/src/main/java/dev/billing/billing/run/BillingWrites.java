package dev.billing.billing.run;

import dev.billing.events.EventCatalog;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.support.events.Outbox;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What billing subscriptions writes: the billed periods, the {@code InvoiceRequested} events and how
 * far each subscription is billed. Written at once ({@link #direct}), or kept and written together
 * at {@link #flush} ({@link #batched}, a billing run's page): one statement per table for the page.
 * Batched writes assume that no period is billed already (the subscriptions are locked and their
 * billed periods end where they say); {@link #flush} fails with {@link PeriodBilledAlready} when one
 * is, and the page is then billed again subscription by subscription with direct writes, where a
 * billed period is skipped as always.
 */
final class BillingWrites {
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final boolean batched;
    private final List<Period> periods = new ArrayList<>();
    private final List<Outbox.Entry<InvoiceRequested>> requests = new ArrayList<>();
    private final List<Advance> advances = new ArrayList<>();

    private record Period(UUID subscriptionId, LocalDate start, LocalDate end, String requestId, Instant at) {
    }

    private record Advance(UUID subscriptionId, int periodsBilled, LocalDate nextCutDate, LocalDate unbilledFrom) {
    }

    /** A period that batched writes took as new was billed before. */
    static final class PeriodBilledAlready extends RuntimeException {
        PeriodBilledAlready(int expected, int inserted) {
            super(expected - inserted + " of " + expected + " periods were billed already");
        }
    }

    private BillingWrites(JdbcClient jdbc, Outbox outbox, boolean batched) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.batched = batched;
    }

    static BillingWrites direct(JdbcClient jdbc, Outbox outbox) {
        return new BillingWrites(jdbc, outbox, false);
    }

    static BillingWrites batched(JdbcClient jdbc, Outbox outbox) {
        return new BillingWrites(jdbc, outbox, true);
    }

    /** Records the period [start, end) as billed by {@code requestId}; false when it was billed already (direct writes). */
    boolean period(UUID subscriptionId, LocalDate start, LocalDate end, String requestId, Instant at) {
        periods.add(new Period(subscriptionId, start, end, requestId, at));
        if (batched) {
            return true;
        }
        return insertPeriods() == 1;
    }

    void request(Outbox.Entry<InvoiceRequested> request) {
        requests.add(request);
        if (!batched) {
            flush();
        }
    }

    /** Periods before {@code periodsBilled} are billed, and of that period the days before {@code unbilledFrom} (when set). */
    void advance(UUID subscriptionId, int periodsBilled, LocalDate nextCutDate, LocalDate unbilledFrom) {
        advances.add(new Advance(subscriptionId, periodsBilled, nextCutDate, unbilledFrom));
        if (!batched) {
            flush();
        }
    }

    /** Writes what is kept, in the order billed periods, events, subscriptions. */
    void flush() {
        if (!periods.isEmpty()) {
            int expected = periods.size();
            int inserted = insertPeriods();
            if (inserted != expected) {
                throw new PeriodBilledAlready(expected, inserted);
            }
        }
        if (!requests.isEmpty()) {
            outbox.addAll(EventCatalog.INVOICE_REQUESTED, List.copyOf(requests));
            requests.clear();
        }
        if (!advances.isEmpty()) {
            jdbc.sql("""
                            update subscription s set periods_billed = a.periods_billed, next_cut_date = a.next_cut_date,
                                unbilled_from = a.unbilled_from
                            from unnest(:ids::uuid[], :periods::int[], :next::date[], :from::date[])
                                as a(id, periods_billed, next_cut_date, unbilled_from)
                            where s.id = a.id""")
                    .param("ids", advances.stream().map(Advance::subscriptionId).toArray(UUID[]::new))
                    .param("periods", advances.stream().map(Advance::periodsBilled).toArray(Integer[]::new))
                    .param("next", advances.stream().map(a -> text(a.nextCutDate())).toArray(String[]::new))
                    .param("from", advances.stream().map(a -> text(a.unbilledFrom())).toArray(String[]::new))
                    .update();
            advances.clear();
        }
    }

    private int insertPeriods() {
        int inserted = jdbc.sql("""
                        insert into billed_period (subscription_id, period_start, period_end, request_id, requested_at)
                        select p.id, p.start_date, p.end_date, p.request_id, p.at
                        from unnest(:ids::uuid[], :starts::date[], :ends::date[], :requests::text[], :ats::timestamptz[])
                            as p(id, start_date, end_date, request_id, at)
                        on conflict do nothing""")
                .param("ids", periods.stream().map(Period::subscriptionId).toArray(UUID[]::new))
                .param("starts", periods.stream().map(p -> text(p.start())).toArray(String[]::new))
                // stored as the last billed day
                .param("ends", periods.stream().map(p -> text(p.end().minusDays(1))).toArray(String[]::new))
                .param("requests", periods.stream().map(Period::requestId).toArray(String[]::new))
                .param("ats", periods.stream().map(p -> p.at().toString()).toArray(String[]::new))
                .update();
        periods.clear();
        return inserted;
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
