package dev.billing.system;

import dev.billing.support.events.EventJson;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Whether a benchmark saw every expected {@code InvoiceIssued} and none twice, told apart by a field of
 * their data (the subscription id): a throughput figure only counts if this holds.
 */
record ExactlyOnce(int expected, int seen, int missing, int duplicates) {

    static ExactlyOnce of(Collection<String> expectedIds, List<ConsumerRecord<String, String>> issued, String field) {
        Set<String> distinct = new HashSet<>();
        int duplicates = 0;
        for (ConsumerRecord<String, String> record : issued) {
            if (!distinct.add(EventJson.mapper().readTree(record.value()).path(field).asString())) {
                duplicates++;
            }
        }
        Set<String> missing = new HashSet<>(expectedIds);
        missing.removeAll(distinct);
        return new ExactlyOnce(expectedIds.size(), issued.size(), missing.size(), duplicates);
    }

    boolean holds() {
        return missing == 0 && duplicates == 0 && seen == expected;
    }

    String line() {
        return String.format("every expected InvoiceIssued seen exactly once: %s (expected %,d, seen %,d, missing %,d, duplicates %,d)",
                holds() ? "yes" : "NO", expected, seen, missing, duplicates);
    }
}
