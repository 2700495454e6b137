package dev.billing.billing.subscription;

import dev.billing.support.web.ApiProblem;
import java.time.LocalDate;

/**
 * Catch-up is bounded: a subscription sold with a start date so far back that more than
 * {@value #LIMIT} periods would be invoiced at once is refused unless the request confirms it
 * ({@code "confirmCatchUp": true}), so that a mistyped year never produces hundreds of invoices.
 */
public final class CatchUp {
    public static final int LIMIT = 12;

    /** The periods already due on {@code today}, counted up to {@code LIMIT + 1}. */
    static int periodsDue(BillingSchedule schedule, LocalDate today) {
        int n = 0;
        while (n <= LIMIT && schedule.isDue(n, today)) {
            n++;
        }
        return n;
    }

    /** Refuses (422 naming startDate) an unconfirmed catch-up of more than {@code LIMIT} periods. */
    static void require(BillingSchedule schedule, LocalDate today, boolean confirmed) {
        if (!confirmed && periodsDue(schedule, today) > LIMIT) {
            throw ApiProblem.unprocessable("startDate", "more than " + LIMIT + " periods from " + schedule.startDate()
                    + " to today (" + today + ") would be invoiced at once; send \"confirmCatchUp\": true to invoice them");
        }
    }

    private CatchUp() {
    }
}
