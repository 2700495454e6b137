package dev.billing.invoice.document;

import dev.billing.invoice.invoice.Invoices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Renders, in batches, the PDFs that issued and cancelled invoices do not have yet, so that a
 * download is usually a read. Issuing only commits the invoice; this picks it up afterwards. It
 * looks back {@code invoice.documents.render-window-days} (7); an older invoice without a PDF, e.g.
 * from before this feature, gets one on its first download. {@code invoice.documents.background-rendering=false}
 * turns it off (bulk loads, benchmarks): downloads still render on demand.
 * <p>
 * The work runs on a thread of its own: a PDF takes a few hundred milliseconds, and the scheduler's
 * single thread also drives the outbox relay, whose events must not wait behind a backlog of PDFs.
 */
@Component
public class DocumentRenderer {
    private static final Logger log = LoggerFactory.getLogger(DocumentRenderer.class);
    private static final int BATCH = 20;
    private static final int MAX_REMEMBERED_FAILURES = 10_000;

    private final StoredDocuments stored;
    private final InvoiceDocuments documents;
    private final Invoices invoices;
    private final boolean enabled;
    private final Duration window;
    private final Clock clock;
    private final Counter rendered;
    private final AtomicBoolean running = new AtomicBoolean();
    // invoices whose document failed to render are skipped until restart, so one bad invoice cannot block the rest
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "document-renderer");
        thread.setDaemon(true);
        return thread;
    });

    public DocumentRenderer(StoredDocuments stored, InvoiceDocuments documents, Invoices invoices,
                            @Value("${invoice.documents.background-rendering:true}") boolean enabled,
                            @Value("${invoice.documents.render-window-days:7}") int windowDays, Clock clock,
                            MeterRegistry meters) {
        this.stored = stored;
        this.documents = documents;
        this.invoices = invoices;
        this.enabled = enabled;
        this.window = Duration.ofDays(windowDays);
        this.clock = clock;
        this.rendered = Counter.builder("invoice.documents.rendered").description("invoice PDFs rendered in the background")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${invoice.documents.render-interval:1s}")
    public void scheduled() {
        if (enabled && running.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    try {
                        renderMissing();
                    } catch (RuntimeException e) {
                        log.warn("Background rendering stopped until the next run: {}", e.toString());
                    } finally {
                        running.set(false);
                    }
                });
            } catch (RuntimeException e) {
                running.set(false);
                throw e;
            }
        }
    }

    /** Renders every missing document in the window, a batch at a time; returns how many it rendered. */
    public int renderMissing() {
        int total = 0;
        int done;
        do {
            // alternating, so a long run of fresh invoices does not hold back the storno documents
            done = renderBatch(DocumentKind.INVOICE) + renderBatch(DocumentKind.STORNO);
            total += done;
        } while (done > 0 && !Thread.currentThread().isInterrupted());
        return total;
    }

    private int renderBatch(DocumentKind kind) {
        List<UUID> ids = stored.missing(kind, clock.instant().minus(window), BATCH + failed.size());
        int done = 0;
        for (UUID id : ids) {
            if (done == BATCH || Thread.currentThread().isInterrupted()) {
                break;
            }
            String key = kind + ":" + id;
            if (failed.contains(key)) {
                continue;
            }
            try {
                if (invoices.find(id).map(invoice -> documents.get(invoice, kind)).isPresent()) {
                    rendered.increment();
                    done++;
                }
            } catch (RuntimeException e) {
                log.error("Could not render the {} document of invoice {}; it is rendered on download instead", kind, id, e);
                if (failed.size() < MAX_REMEMBERED_FAILURES) {
                    failed.add(key);
                }
            }
        }
        return done;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
