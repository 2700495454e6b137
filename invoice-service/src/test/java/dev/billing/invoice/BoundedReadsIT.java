package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceSearch;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work per request does not grow with the rows: a search page reads its lines and tax summaries in one
 * statement each, and the CSV export reads through one cursor, handing each invoice on as it is read.
 * Statements are counted by wrapping the service's own DataSource in a JDK proxy.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedReadsIT {
    private static final int INVOICES = 4;

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Invoices invoices;
    final UUID customer = UUID.randomUUID();

    @BeforeAll
    void fourInvoicesOfTwoLinesEach() {
        try (KafkaProbe kafka = KafkaProbe.onEmbeddedBroker(Topics.BILLING)) {
            for (int i = 0; i < INVOICES; i++) {
                kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(),
                        EventCatalog.INVOICE_REQUESTED.type(), EventJson.write(new InvoiceRequested("bounded:" + customer + ":" + i,
                                customer, null, new BillTo("Duna Reklám Zrt.", "penzugy@duna.example", null, "hu", "Europe/Budapest"),
                                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 31), "EUR", 8,
                                List.of(new RequestedLine("Hosting", BigDecimal.ONE, new BigDecimal("100"), new BigDecimal("27")),
                                        new RequestedLine("Domain", BigDecimal.ONE, new BigDecimal("12"), BigDecimal.ZERO)),
                                null, null)));
            }
        }
        assertThat(Eventually.await(() -> jdbc.sql("select count(*) from invoice where customer_id = :c").param("c", customer)
                .query(Long.class).single(), n -> n == INVOICES, Duration.ofSeconds(20))).isEqualTo(INVOICES);
    }

    private InvoiceSearch byCustomer(int size) {
        return new InvoiceSearch(null, customer, null, null, null, null, null, null, null, null, null, "number", 0, size,
                Instant.now());
    }

    @Test
    void aSearchPageReadsItsLinesAndTaxesInOneStatementEachWhateverItsSize() {
        for (int size : new int[] {2, INVOICES}) {
            Counts counts = new Counts();
            List<Invoice> page = new Invoices(JdbcClient.create(counts.wrap(dataSource)), new NamedParameterJdbcTemplate(counts.wrap(dataSource))).search(byCustomer(size));

            assertThat(page).hasSize(size).allSatisfy(invoice -> {
                assertThat(invoice.lines()).extracting(l -> l.description()).containsExactly("Hosting", "Domain");
                assertThat(invoice.taxSummary()).hasSize(2);
            });
            assertThat(counts.statements).as("statements for a page of %d", size).hasSize(3);
        }
    }

    @Test
    void theExportReadsThroughOneCursorAndHandsEachInvoiceOnAsItIsRead() {
        Counts counts = new Counts();
        List<Integer> rowsReadAtEachInvoice = new ArrayList<>();
        new Invoices(JdbcClient.create(counts.wrap(dataSource)), new NamedParameterJdbcTemplate(counts.wrap(dataSource))).export(byCustomer(100_000), invoice -> {
            assertThat(invoice.lines()).isEmpty();
            rowsReadAtEachInvoice.add(counts.rowsRead);
        });

        assertThat(counts.statements).as("fetch size of each statement").hasSize(1).allSatisfy(f -> assertThat(f).isPositive());
        assertThat(rowsReadAtEachInvoice).containsExactly(1, 2, 3, 4);
    }

    @Test
    void theExportRunsInAReadOnlyTransactionWithoutWhichTheDriverReadsTheWholeResultAtOnce() {
        Set<Boolean> readOnly = new HashSet<>();
        invoices.export(byCustomer(100_000), invoice -> readOnly.add(TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isCurrentTransactionReadOnly()));
        assertThat(readOnly).containsExactly(true);
    }

    /** What went through a DataSource: the fetch size of each statement executed, and the rows read. */
    private static final class Counts {
        final List<Integer> statements = new ArrayList<>();
        int rowsRead;

        DataSource wrap(DataSource target) {
            return wrap(target, DataSource.class);
        }

        private <T> T wrap(Object target, Class<T> type) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                if (target instanceof Statement statement && method.getName().startsWith("execute")) {
                    statements.add(statement.getFetchSize());
                }
                Object result;
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (target instanceof ResultSet && method.getName().equals("next") && Boolean.TRUE.equals(result)) {
                    rowsRead++;
                }
                Class<?> returned = method.getReturnType();
                boolean jdbcObject = returned == Connection.class || returned == Statement.class
                        || returned == PreparedStatement.class || returned == ResultSet.class;
                return result != null && jdbcObject ? wrap(result, returned) : result;
            }));
        }
    }
}
