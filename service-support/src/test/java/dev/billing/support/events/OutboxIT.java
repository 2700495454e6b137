package dev.billing.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.EventType;
import dev.billing.support.testing.EmbeddedInfrastructure;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox against a real PostgreSQL: a transaction's events are written as it commits, with it or not at all. */
class OutboxIT {
    private static final EventType<OutboxRelayIT.Note> NOTE = new EventType<>("outbox.note.v1", "outbox.test", OutboxRelayIT.Note.class,
            "a test event");
    private static final EventType<Other> OTHER = new EventType<>("outbox.other.v1", "outbox.other", Other.class, "another test event");
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private static TransactionTemplate ownTransactions;
    private static Outbox outbox;

    record Other(int n) {
    }

    @BeforeAll
    static void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(EmbeddedInfrastructure.database("support_outbox"), "postgres",
                "postgres");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/support").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(manager);
        ownTransactions = new TransactionTemplate(manager);
        ownTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        outbox = new Outbox(jdbc, Clock.systemUTC(), () -> null, () -> Actor.SYSTEM, () -> { });
    }

    @BeforeEach
    void empty() {
        jdbc.sql("delete from outbox_event").update();
    }

    private static List<String> written() {
        return jdbc.sql("select payload from outbox_event order by id").query(String.class).list();
    }

    @Test
    void aTransactionsEventsOfEveryTypeAreWrittenInTheOrderTheyWereAddedWhenItCommits() {
        UUID customer = UUID.randomUUID();
        AtomicReference<List<String>> beforeCommit = new AtomicReference<>();

        transactions.executeWithoutResult(status -> {
            outbox.add(NOTE, customer, "invoice/1", new OutboxRelayIT.Note("first"));
            outbox.addAll(OTHER, List.of(new Outbox.Entry<>(UUID.randomUUID(), null, new Other(2), null),
                    new Outbox.Entry<>(customer, null, new Other(3), null)));
            outbox.add(NOTE, customer, "invoice/1", new OutboxRelayIT.Note("fourth"));
            beforeCommit.set(written());
        });

        assertThat(beforeCommit.get()).as("nothing written before the commit").isEmpty();
        assertThat(written()).containsExactly("{\"text\":\"first\"}", "{\"n\":2}", "{\"n\":3}", "{\"text\":\"fourth\"}");
        assertThat(jdbc.sql("select topic from outbox_event order by id").query(String.class).list())
                .containsExactly("outbox.test", "outbox.other", "outbox.other", "outbox.test");
    }

    @Test
    void aTransactionThatRollsBackWritesNoneOfItsEvents() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            outbox.add(NOTE, UUID.randomUUID(), null, new OutboxRelayIT.Note("never"));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");

        assertThat(written()).isEmpty();
    }

    @Test
    void aTransactionStartedWhileAnotherIsSuspendedWritesItsOwnEventsAndNoneOfTheOthers() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            outbox.add(NOTE, UUID.randomUUID(), null, new OutboxRelayIT.Note("outer, rolled back"));
            ownTransactions.executeWithoutResult(inner -> outbox.add(NOTE, UUID.randomUUID(), null, new OutboxRelayIT.Note("inner")));
            outbox.add(NOTE, UUID.randomUUID(), null, new OutboxRelayIT.Note("outer again"));
            throw new IllegalStateException("the outer change failed");
        })).hasMessage("the outer change failed");

        assertThat(written()).containsExactly("{\"text\":\"inner\"}");
    }
}
