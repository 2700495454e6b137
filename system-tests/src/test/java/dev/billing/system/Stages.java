package dev.billing.system;

import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.events.CloudEventHeaders;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the time of a billing run goes, per invoice, from the rows and records it leaves:
 * <ul>
 * <li>billing run: the runs' own start and end (wall clock, {@code billing_run});</li>
 * <li>billing relay: {@code InvoiceRequested} written (outbox) -> on Kafka (record timestamp);</li>
 * <li>consume: on Kafka -> its batch taken on by invoice-service (the inbox row, {@code inbox_event.processed_at},
 * wall time);</li>
 * <li>issue: the batch taken on -> the invoice written ({@code invoice.created_at});</li>
 * <li>invoice relay: the invoice written -> {@code InvoiceIssued} on Kafka.</li>
 * </ul>
 * Rows carry platform time (the test clock), except the inbox's; the offsets of the clock moves turn
 * them back into wall time.
 */
final class Stages {
    private final TreeMap<Long, Long> offsetSince = new TreeMap<>();
    private final List<Long> billingRelay = new ArrayList<>();
    private final List<Long> consume = new ArrayList<>();
    private final List<Long> issue = new ArrayList<>();
    private final List<Long> invoiceRelay = new ArrayList<>();
    private double billingRunSeconds;
    private double longestRunSeconds;

    /** The test clock moved at wall time {@code wallMillis} and now runs {@code offsetMillis} ahead. */
    void moved(long wallMillis, long offsetMillis) {
        offsetSince.put(wallMillis, offsetMillis);
    }

    /**
     * The wall time of a row written at {@code platformMillis}, near the wall time {@code near} of a
     * record it belongs to. Each service takes a move on when it reads it, so a row written just after
     * a move may still carry the previous offset; offsets are a day apart, so the one that lands
     * nearest is the one the service used.
     */
    private long wall(long platformMillis, long near) {
        long best = platformMillis - offsetSince.firstEntry().getValue();
        for (long offset : offsetSince.values()) {
            if (Math.abs(platformMillis - offset - near) < Math.abs(best - near)) {
                best = platformMillis - offset;
            }
        }
        return best;
    }

    /** The records and the billing runs from {@code sinceMillis} (wall clock) on. */
    void measure(Platform platform, List<ConsumerRecord<String, String>> requested, List<ConsumerRecord<String, String>> issued,
                 long sinceMillis) throws SQLException {
        Map<String, Long> writtenAt = new HashMap<>();
        try (Connection db = connect(platform, PlatformService.BILLING)) {
            try (ResultSet rs = db.createStatement().executeQuery(
                    "select event_id::text, occurred_at from outbox_event where event_type = 'billing.invoice.requested.v1'")) {
                while (rs.next()) {
                    writtenAt.put(rs.getString(1), rs.getTimestamp(2).getTime());
                }
            }
            try (PreparedStatement runs = db.prepareStatement("""
                    select coalesce(sum(extract(epoch from finished_at - started_at)), 0),
                           coalesce(max(extract(epoch from finished_at - started_at)), 0)
                    from billing_run where requested_count > 0 and started_at >= ?""")) {
                runs.setTimestamp(1, new Timestamp(sinceMillis));
                ResultSet rs = runs.executeQuery();
                rs.next();
                billingRunSeconds = rs.getDouble(1);
                longestRunSeconds = rs.getDouble(2);
            }
        }
        Map<String, Long> committedAt = new HashMap<>();
        Map<String, Long> takenOnAt = new HashMap<>();
        try (Connection db = connect(platform, PlatformService.INVOICE)) {
            try (ResultSet rs = db.createStatement().executeQuery("select request_id, created_at from invoice where request_id is not null")) {
                while (rs.next()) {
                    committedAt.put(rs.getString(1), rs.getTimestamp(2).getTime());
                }
            }
            try (ResultSet rs = db.createStatement().executeQuery(
                    "select event_id, processed_at from inbox_event where event_type = 'billing.invoice.requested.v1'")) {
                while (rs.next()) {
                    takenOnAt.put(rs.getString(1), rs.getTimestamp(2).getTime());
                }
            }
        }
        Map<String, Long> onKafka = new HashMap<>();
        for (ConsumerRecord<String, String> record : requested) {
            String requestId = EventJson.mapper().readTree(record.value()).path("requestId").asString();
            onKafka.putIfAbsent(requestId, record.timestamp());
            Long written = writtenAt.get(KafkaProbe.header(record, CloudEventHeaders.ID));
            if (written != null) {
                billingRelay.add(record.timestamp() - wall(written, record.timestamp()));
            }
            Long takenOn = takenOnAt.get(KafkaProbe.header(record, CloudEventHeaders.ID));
            Long committed = committedAt.get(requestId);
            if (takenOn != null && committed != null) {
                consume.add(takenOn - record.timestamp());
                issue.add(wall(committed, record.timestamp()) - takenOn);
            }
        }
        for (ConsumerRecord<String, String> record : issued) {
            Long committed = committedAt.get(EventJson.mapper().readTree(record.value()).path("requestId").asString());
            if (committed != null) {
                invoiceRelay.add(record.timestamp() - wall(committed, record.timestamp()));
            }
        }
    }

    void print() {
        System.out.printf("time per stage (per invoice p50 / p99): billing run %.1f s in all (longest run %.1f s); "
                        + "billing relay %s; consume %s; issue %s; invoice relay %s%n",
                billingRunSeconds, longestRunSeconds, figures(billingRelay), figures(consume), figures(issue), figures(invoiceRelay));
    }

    private static String figures(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("%.2f / %.2f s", at(sorted, 0.50) / 1000.0, at(sorted, 0.99) / 1000.0);
    }

    private static long at(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }

    private static Connection connect(Platform platform, PlatformService service) throws SQLException {
        return DriverManager.getConnection(platform.environmentOf(service).get("DB_URL"), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
