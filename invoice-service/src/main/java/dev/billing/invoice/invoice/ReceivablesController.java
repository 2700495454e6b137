package dev.billing.invoice.invoice;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/invoices/summary}: open receivables, overdue, invoiced and collected this month, and the aging
 * of what is open, per currency, as of today's platform date (UTC); of one customer with {@code customerId}.
 */
@RestController
class ReceivablesController {
    private final Receivables receivables;
    private final Clock clock;

    ReceivablesController(Receivables receivables, Clock clock) {
        this.receivables = receivables;
        this.clock = clock;
    }

    record Summary(LocalDate asOf, List<Receivables.Figures> currencies) {
    }

    @GetMapping("/api/invoices/summary")
    Summary summary(@RequestParam(required = false) UUID customerId) {
        LocalDate today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
        return new Summary(today, receivables.asOf(today, customerId));
    }
}
