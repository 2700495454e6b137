package dev.billing.billing.run;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One row per billed period (subscription + first billed day): the guard that makes a period yield
 * one {@code InvoiceRequested}, never two (written by {@link BillingWrites}). A period whose invoice was cancelled is marked so, and can
 * then be billed again once, on request, under a new request id.
 */
@Repository
public class BilledPeriods {
    private final JdbcClient jdbc;

    public BilledPeriods(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A billed period: [start, end) with the request that billed it; cancelled when that invoice was cancelled. */
    public record BilledPeriod(UUID subscriptionId, LocalDate start, LocalDate end, String requestId, boolean cancelled,
                               int rebillCount) {
    }

    /** Marks the period billed by {@code requestId} (if any) as cancelled. */
    public void cancel(String requestId, Instant at) {
        jdbc.sql("update billed_period set cancelled_at = :at where request_id = :requestId and cancelled_at is null")
                .param("at", Timestamp.from(at)).param("requestId", requestId).update();
    }

    public Optional<BilledPeriod> lock(UUID subscriptionId, LocalDate start) {
        return jdbc.sql("select * from billed_period where subscription_id = :id and period_start = :start for update")
                .param("id", subscriptionId).param("start", start)
                .query((rs, n) -> new BilledPeriod(rs.getObject("subscription_id", UUID.class),
                        rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class).plusDays(1),
                        rs.getString("request_id"), rs.getTimestamp("cancelled_at") != null, rs.getInt("rebill_count")))
                .optional();
    }

    /** The cancelled period is billed again by {@code requestId}. */
    public void rebilled(BilledPeriod period, String requestId, Instant at) {
        jdbc.sql("""
                        update billed_period set request_id = :requestId, requested_at = :at, cancelled_at = null,
                            rebill_count = rebill_count + 1
                        where subscription_id = :id and period_start = :start""")
                .param("requestId", requestId).param("at", Timestamp.from(at)).param("id", period.subscriptionId())
                .param("start", period.start()).update();
    }
}
