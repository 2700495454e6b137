package dev.billing.support.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.support.testing.EmbeddedInfrastructure;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The inbox on a real PostgreSQL: one record per consumer and event, kept for the retention. */
class InboxIT {
    private static final Instant NOW = Instant.parse("2027-06-01T12:00:00Z");
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private final Inbox inbox = new Inbox(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));

    @BeforeAll
    static void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(EmbeddedInfrastructure.database("support_inbox"),
                "postgres", "postgres");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/support").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    private boolean first(String consumer, String eventId) {
        return Boolean.TRUE.equals(transactions.execute(status -> inbox.firstDeliveries(consumer, List.of(event(eventId)))
                .contains(eventId)));
    }

    private static ReceivedEvent<String> event(String id) {
        return new ReceivedEvent<>(id, "test.event.v1", "/test", NOW, null, "", null, "key", "system", "system");
    }

    @Test
    void ofABatchOnlyTheEventsNotRecordedBeforeAreFirstDeliveriesAndAnEventTwiceInItOnce() {
        String seen = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        assertThat(first("invoice-billing", seen)).isTrue();

        Set<String> firsts = transactions.execute(status -> inbox.firstDeliveries("invoice-billing",
                List.of(event(seen), event(fresh), event(fresh))));

        assertThat(firsts).containsExactly(fresh);
        assertThat(first("invoice-billing", fresh)).isFalse();
    }

    @Test
    void anEventIsFirstDeliveredOncePerConsumer() {
        String eventId = UUID.randomUUID().toString();

        assertThat(first("invoice-billing", eventId)).isTrue();
        assertThat(first("invoice-billing", eventId)).isFalse();
        assertThat(first("invoice-payment", eventId)).isTrue();
    }

    @Test
    void aRowFromBeforeTheInboxWasPerConsumerCountsForEveryConsumer() {
        String eventId = UUID.randomUUID().toString();
        jdbc.sql("insert into inbox_event (consumer, event_id, event_type, processed_at) values ('*', :id, 'old.v1', now())")
                .param("id", eventId).update();

        assertThat(first("invoice-billing", eventId)).isFalse();
    }

    @Test
    void rowsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        for (var row : java.util.Map.of(old, NOW.minus(Duration.ofDays(31)), recent, NOW.minus(Duration.ofDays(29))).entrySet()) {
            jdbc.sql("insert into inbox_event (consumer, event_id, event_type, processed_at) values ('c', :id, 't.v1', :at)")
                    .param("id", row.getKey()).param("at", Timestamp.from(row.getValue())).update();
        }

        assertThat(inbox.deleteExpired()).isGreaterThanOrEqualTo(1);

        assertThat(first("c", old)).isTrue();
        assertThat(first("c", recent)).isFalse();
    }
}
