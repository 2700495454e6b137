package dev.billing.system;

import dev.billing.events.CloudEventHeaders;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Whether a benchmark saw every expected {@code InvoiceIssued} and no invoice twice, told apart by a
 * field of their data (the subscription id): a throughput figure only counts if this holds. A record
 * delivered again with the same event id ({@code ce_id}, at-least-once) is one event, not a duplicate.
 */
record ExactlyOnce(int expected, int distinctEvents, int missing, int duplicates) {

    static ExactlyOnce of(Collection<String> expectedIds, List<ConsumerRecord<String, String>> issued, String field) {
        Set<String> events = new HashSet<>();
        Set<String> distinct = new HashSet<>();
        int duplicates = 0;
        for (ConsumerRecord<String, String> record : issued) {
            if (events.add(KafkaProbe.header(record, CloudEventHeaders.ID))
                    && !distinct.add(EventJson.mapper().readTree(record.value()).path(field).asString())) {
                duplicates++;
            }
        }
        Set<String> missing = new HashSet<>(expectedIds);
        missing.removeAll(distinct);
        return new ExactlyOnce(expectedIds.size(), events.size(), missing.size(), duplicates);
    }

    /** Every subscription in billing-service's database: each is expected to have exactly one InvoiceIssued. */
    static List<String> subscriptionIds(Platform platform) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(platform.environmentOf(PlatformService.BILLING).get("DB_URL"),
                PostgresServer.USER, PostgresServer.PASSWORD);
             ResultSet rs = db.createStatement().executeQuery("select id from subscription")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    boolean holds() {
        return missing == 0 && duplicates == 0 && distinctEvents == expected;
    }

    String line() {
        return String.format("every expected InvoiceIssued seen exactly once: %s (expected %,d, distinct events %,d, missing %,d, duplicated invoices %,d)",
                holds() ? "yes" : "NO", expected, distinctEvents, missing, duplicates);
    }
}
