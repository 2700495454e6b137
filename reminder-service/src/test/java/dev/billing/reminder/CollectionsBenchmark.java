package dev.billing.reminder;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.events.invoice.TaxLine;
import dev.billing.reminder.plan.FiringReminders;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * Collections at volume; prints its figures, asserts nothing about time. Not part of {@code verify}:
 * {@code ./benchmark.sh collections}. N (100,000) {@code InvoiceIssued} go to invoice.events pipelined, with due dates
 * over 10 days, and the time until every one has its plan is measured (the default policy: 9 steps each, its task
 * included). More plans
 * are then loaded with set-based SQL up to M (1,000,000) planned steps, and one day's scan over them is timed: finding
 * the due steps and writing their {@code ReminderDue} to the outbox, then until the relay has published them.
 */
@IntegrationTest
class CollectionsBenchmark {
    private static final int INVOICES = Integer.getInteger("benchmark.invoices", 100_000);
    private static final int STEPS = Integer.getInteger("benchmark.steps", 1_000_000);
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    FiringReminders firing;

    @Test
    void planningAndOneDaysScan() {
        LocalDate firstDue = LocalDate.of(2031, 3, 1);
        List<KafkaProbe.Event> events = new ArrayList<>(INVOICES);
        BigDecimal total = new BigDecimal("1200.00");
        for (int i = 0; i < INVOICES; i++) {
            UUID invoice = UUID.randomUUID();
            UUID customer = new UUID(0x42L, i % 20_000);
            LocalDate due = firstDue.plusDays(i % 10);
            events.add(new KafkaProbe.Event(customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                    EventJson.write(new InvoiceIssued(invoice, "BEN-2031-" + i, customer,
                            new BillTo("Customer " + i, "c" + i + "@example.com", null, "tr", ISTANBUL.getId()), null, null,
                            due.minusDays(14), due.minusDays(14), due, "TRY",
                            List.of(new InvoiceLine("Hizmet", BigDecimal.ONE, new BigDecimal("1000.00"), new BigDecimal("20"),
                                    new BigDecimal("1000.00"), new BigDecimal("200.00"), total, null)),
                            List.of(new TaxLine(new BigDecimal("20"), new BigDecimal("1000.00"), new BigDecimal("200.00"))),
                            new BigDecimal("1000.00"), new BigDecimal("200.00"), total, total, "/api/invoices/" + invoice + "/pdf"))));
        }
        long plannedBefore = count("select count(distinct invoice_id) from reminder_step");
        long receivablesBefore = count("select count(*) from receivable where state = 'OPEN'");
        long planStart = System.nanoTime();
        try (KafkaProbe kafka = KafkaProbe.onEmbeddedBroker(Topics.INVOICE)) {
            kafka.sendAll(Topics.INVOICE, events);
        }
        double sentSeconds = (System.nanoTime() - planStart) / 1e9;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(*) from receivable where state = 'OPEN'") - receivablesBefore == INVOICES
                        && count("select count(distinct invoice_id) from reminder_step") - plannedBefore == INVOICES);
        double planSeconds = (System.nanoTime() - planStart) / 1e9;

        long loadStart = System.nanoTime();
        long planned = count("select count(*) from reminder_step where status = 'PLANNED'");
        long perInvoice = planned / Math.max(1, count("select count(distinct invoice_id) from reminder_step"));
        int more = (int) Math.max(0, (STEPS - planned) / perInvoice);
        // more open invoices of the same shape, planned as the default policy plans them, due over the same 10 days
        jdbc.sql("""
                insert into receivable (invoice_id, customer_id, number, due_date, currency, open_amount, time_zone, state, policy_id,
                    policy_version, issued_amount, updated_at)
                select ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('00000000-0000-0043-0000-' || lpad((g % 20000)::text, 12, '0'))::uuid,
                    'SQL-2031-' || g, date '2031-03-01' + (g % 10), 'TRY', 1200, 'Europe/Istanbul', 'OPEN',
                    '00000000-0000-0000-0000-00000000d001', 1, 1200, now()
                from generate_series(1, :more) g""").param("more", more).update();
        jdbc.sql("""
                insert into reminder_step (id, invoice_id, customer_id, round, step, channel, template, tone, due_on, status, updated_at)
                select gen_random_uuid(), r.invoice_id, r.customer_id, 0, s.step, s.channel, s.template, s.tone, r.due_date + s.offset_days,
                    'PLANNED', now()
                from receivable r
                cross join (values (0, -3, 'EMAIL', 'reminder-friendly', 'FRIENDLY'), (1, 0, 'EMAIL', 'reminder-friendly', 'FRIENDLY'),
                                   (2, 3, 'EMAIL', 'reminder-firm', 'FIRM'), (3, 7, 'EMAIL', 'reminder-firm', 'FIRM'),
                                   (3, 7, 'TASK', 'reminder-firm', 'FIRM'), (4, 14, 'EMAIL', 'reminder-final', 'FINAL'),
                                   (5, 21, 'EMAIL', 'reminder-final', 'FINAL'), (6, 28, 'EMAIL', 'reminder-final', 'FINAL'),
                                   (7, 35, 'EMAIL', 'reminder-final', 'FINAL'))
                    as s(step, offset_days, channel, template, tone)
                where r.number like 'SQL-2031-%'""").update();
        jdbc.sql("analyze receivable").update();
        jdbc.sql("analyze reminder_step").update();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long plannedNow = count("select count(*) from reminder_step where status = 'PLANNED'");

        // the first due date at noon in Istanbul: the -3 and 0 steps of the invoices due on 1-4 March and the +3 ones of those
        // due 26 February ... are due; of each invoice only the latest fires, the older ones are skipped
        Instant day = firstDue.atTime(12, 0).atZone(ISTANBUL).toInstant();
        long outboxBefore = count("select count(*) from outbox_event");
        long scanStart = System.nanoTime();
        firing.runDueWork(day);
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;
        long emitted = count("select count(*) from outbox_event") - outboxBefore;
        long skipped = count("select count(*) from reminder_step where status = 'SKIPPED'");
        long relayStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("select count(*) from outbox_event where published_at is null") == 0);
        double relaySeconds = (System.nanoTime() - relayStart) / 1e9;

        System.out.println();
        System.out.println("=== collections benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
        System.out.printf("planning: %,d InvoiceIssued sent in %.1f s; every plan made (%,d steps each) %.1f s after the first send (%.0f invoices/s)%n",
                INVOICES, sentSeconds, perInvoice, planSeconds, INVOICES / planSeconds);
        System.out.printf("loaded %,d more planned invoices by SQL in %.1f s: %,d planned steps in all%n", more, loadSeconds, plannedNow);
        System.out.printf("one day's scan over %,d planned steps: %,d ReminderDue written, %,d steps skipped, in %.1f s (%.0f/s)%n",
                plannedNow, emitted, skipped, scanSeconds, emitted / scanSeconds);
        System.out.printf("relay: the outbox drained to Kafka %.1f s after the scan%n", relaySeconds);
        System.out.println("=== end ===");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
