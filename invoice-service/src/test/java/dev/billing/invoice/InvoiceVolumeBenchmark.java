package dev.billing.invoice;

import dev.billing.invoice.document.InvoicePdf;
import dev.billing.invoice.document.XhtmlPdf;
import dev.billing.invoice.document.SampleInvoices;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceSearch;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.invoice.lifecycle.MarkingOverdue;
import dev.billing.support.testing.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Database-side figures at volume; prints, asserts nothing about time. Not part of {@code verify}:
 * {@code ./benchmark.sh invoice-volume}. Loads 1,000,000 invoices with set-based SQL, times the
 * overdue scan over 100,000 open past-due invoices and the saved-filter queries (p50/p95).
 */
@IntegrationTest
@TestPropertySource(properties = "invoice.documents.background-rendering=false")
class InvoiceVolumeBenchmark {
    private static final int INVOICES = Integer.getInteger("benchmark.invoices", 1_000_000);
    private static final int OVERDUE = Integer.getInteger("benchmark.overdue", 100_000);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Invoices invoices;
    @Autowired
    MarkingOverdue markingOverdue;

    @Test
    void overdueScanAndSavedFilters() {
        long loadStart = System.nanoTime();
        // customers 0..9999; 10 % paid recently, 5 % cancelled, the rest issued; OVERDUE of them past due and open
        jdbc.sql("""
                insert into invoice (id, number, series, status, customer_id, bill_to_name, bill_to_email, bill_to_language,
                    bill_to_time_zone, issue_date, fulfilment_date, due_date, payment_term_days, currency, net_total, tax_total,
                    total, open_amount, created_at, issued_at, paid_at)
                select gen_random_uuid(), 'BEN-2030-' || lpad(g::text, 7, '0'), 'BEN',
                    case when g % 20 = 0 then 'CANCELLED' when g % 10 = 1 then 'PAID' else 'ISSUED' end,
                    ('00000000-0000-0000-0000-' || lpad((g % 10000)::text, 12, '0'))::uuid,
                    'Customer ' || (g % 10000), 'c' || (g % 10000) || '@example.com', 'tr', 'Europe/Istanbul',
                    date '2030-01-01' + (g % 300), date '2030-01-01' + (g % 300),
                    case when g <= :overdue then date '2030-01-01' else date '2031-06-01' end, 14, 'TRY',
                    1000, 200, 1200, case when g % 10 = 1 then 0 else 1200 end,
                    now(), now(), case when g % 10 = 1 then now() - interval '2 days' end
                from generate_series(1, :n) g""")
                .param("n", INVOICES).param("overdue", OVERDUE).update();
        jdbc.sql("analyze invoice").update();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long open = jdbc.sql("""
                select count(*) from invoice where status in ('ISSUED', 'PARTIALLY_PAID') and overdue_at is null
                and open_amount > 0 and due_date = date '2030-01-01'""").query(Long.class).single();

        long scanStart = System.nanoTime();
        markingOverdue.runDueWork(Instant.parse("2030-01-05T12:00:00Z"));
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;

        Instant now = Instant.parse("2030-01-05T12:00:00Z");
        UUID someCustomer = UUID.fromString("00000000-0000-0000-0000-000000000042");
        System.out.println();
        System.out.println("=== invoice volume benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
        System.out.printf("loaded %,d invoices in %.1f s%n", INVOICES, loadSeconds);
        System.out.printf("overdue scan: %,d open past-due invoices (of %,d due that day) marked (with InvoiceOverdue in the outbox) in %.1f s (%.0f/s)%n",
                open, OVERDUE, scanSeconds, open / scanSeconds);
        time("filter=issued, page 1", () -> search(InvoiceSearch.SavedFilter.ISSUED, null, null, now));
        time("filter=overdue-unpaid, page 1", () -> search(InvoiceSearch.SavedFilter.OVERDUE_UNPAID, null, null, now));
        time("filter=paid-last-7-days, page 1", () -> search(InvoiceSearch.SavedFilter.PAID_LAST_7_DAYS, null, null, now));
        time("filter=storno, page 1", () -> search(InvoiceSearch.SavedFilter.STORNO, null, null, now));
        time("customer's invoices", () -> search(null, someCustomer, null, now));
        time("number starts with 'BEN-2030-00042'", () -> search(null, null, "BEN-2030-00042", now));
        long pdfStart = System.nanoTime();
        int renders = Integer.getInteger("benchmark.pdfs", 200);
        Invoice sample = SampleInvoices.issued("tr", "TRY", "Şirin Ağaç Ltd. Şti.", "Sosyal medya danışmanlığı",
                "Kampanya yönetimi", "Basılı broşür");
        InvoicePdf pdf = new InvoicePdf(SampleInvoices.SELLER, new XhtmlPdf());
        for (int i = 0; i < 20; i++) {
            pdf.invoice(sample);
        }
        pdfStart = System.nanoTime();
        for (int i = 0; i < renders; i++) {
            pdf.invoice(sample);
        }
        System.out.printf("PDF renders: %d in %.1f s (%.1f per second, one thread, after 20 warm-up renders)%n", renders,
                (System.nanoTime() - pdfStart) / 1e9, renders / ((System.nanoTime() - pdfStart) / 1e9));
        System.out.println("=== end ===");
    }

    private int search(InvoiceSearch.SavedFilter filter, UUID customer, String number, Instant now) {
        InvoiceSearch search = new InvoiceSearch(filter, customer, null, number, null, null, null, null, null, null, null,
                "-issueDate", 0, 50, now);
        invoices.count(search);
        return invoices.search(search).size();
    }

    private static void time(String name, Supplier<Integer> query) {
        for (int i = 0; i < 3; i++) {
            query.get();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long start = System.nanoTime();
            query.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-36s p50 %7.1f ms   p95 %7.1f ms   (page + total count, 40 runs)%n", name,
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1));
    }
}
