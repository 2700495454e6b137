package dev.billing.billing.run;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator view of the billing runs: when they ran, how many invoices they requested, what failed. */
@RestController
public class BillingRunController {
    private final JdbcClient jdbc;

    public BillingRunController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/billing-runs")
    public List<BillingRun.RunSummary> recent() {
        return jdbc.sql("select * from billing_run order by id desc limit 50")
                .query((rs, n) -> new BillingRun.RunSummary(rs.getLong("id"), rs.getString("trigger"),
                        rs.getTimestamp("platform_time").toInstant(), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                        rs.getInt("requested_count"), rs.getInt("failure_count"), rs.getString("last_failure")))
                .list();
    }

}
