package dev.billing.billing.rebill;

import dev.billing.billing.charge.PendingCharges;
import dev.billing.billing.run.BilledPeriods;
import dev.billing.events.invoice.InvoiceCancelled;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * An invoice of a billing request was cancelled (storno): what the request had taken from the pending
 * charges (one-off charges, late fees, prorated charges and credits) is pending again, for the next
 * invoice; the subscription period it billed is marked cancelled, to be billed again only on request
 * ({@link RebillingPeriod}), never by the billing run. Invoices without a request id are none of billing's.
 */
@Service
public class ReleasingCancelledInvoice {
    private final PendingCharges pending;
    private final BilledPeriods billedPeriods;
    private final Clock clock;

    public ReleasingCancelledInvoice(PendingCharges pending, BilledPeriods billedPeriods, Clock clock) {
        this.pending = pending;
        this.billedPeriods = billedPeriods;
        this.clock = clock;
    }

    public void release(InvoiceCancelled cancelled) {
        if (cancelled.requestId() == null) {
            return;
        }
        pending.release(cancelled.requestId());
        billedPeriods.cancel(cancelled.requestId(), clock.instant());
    }
}
