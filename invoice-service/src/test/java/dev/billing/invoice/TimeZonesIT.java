package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.CustomerUpdated;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.invoice.lifecycle.MarkingOverdue;
import dev.billing.support.events.EventJson;
import dev.billing.support.events.InvalidEventException;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Time zones are checked where they enter (billing events), and a stored zone PostgreSQL does not know fails no scan. */
@IntegrationTest
class TimeZonesIT {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MarkingOverdue markingOverdue;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Clock clock;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = KafkaProbe.onEmbeddedBroker(Topics.deadLetter(Topics.BILLING));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private String send(UUID customer, String type, Object payload) {
        String eventId = UUID.randomUUID().toString();
        kafka.send(Topics.BILLING, customer.toString(), eventId, type, EventJson.write(payload));
        return eventId;
    }

    private ConsumerRecord<String, String> deadLetter(String eventId) {
        List<ConsumerRecord<String, String>> dead = kafka.await(r -> eventId.equals(KafkaProbe.header(r, "ce_id")), 1,
                Duration.ofSeconds(20));
        assertThat(dead).as("dead letter of event %s", eventId).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "x-exception-fqcn")).isEqualTo(InvalidEventException.class.getName());
        return dead.get(0);
    }

    private String storedZone(UUID customer) {
        return jdbc.sql("select time_zone from customer_account where customer_id = :c").param("c", customer)
                .query(String.class).optional().orElse(null);
    }

    @Test
    void anAccountEventNamingAnUnknownDueRuleIsInvalidAndStoresNothing() {
        UUID customer = UUID.randomUUID();
        ConsumerRecord<String, String> dead = deadLetter(send(customer, EventCatalog.CUSTOMER_REGISTERED.type(),
                new CustomerRegistered(customer, "Ada", "ada@example.com", null, "tr", "Europe/Istanbul", 10,
                        Instant.parse("2027-01-01T00:00:00Z"), "NEXT_TUESDAY")));

        assertThat(KafkaProbe.header(dead, "x-exception-message")).contains("NEXT_TUESDAY");
        assertThat(storedZone(customer)).isNull();
    }

    @Test
    void eventsWithAnOffsetOrAnUnknownZoneAreInvalidAndStoreNothing() {
        Instant at = Instant.parse("2027-01-01T00:00:00Z");
        UUID offset = UUID.randomUUID();
        ConsumerRecord<String, String> dead = deadLetter(send(offset, EventCatalog.CUSTOMER_REGISTERED.type(),
                new CustomerRegistered(offset, "Ada", "ada@example.com", null, "tr", "+03:00", 10, at, null)));
        assertThat(KafkaProbe.header(dead, "x-exception-message")).contains("'+03:00'");

        UUID known = UUID.randomUUID();
        send(known, EventCatalog.CUSTOMER_REGISTERED.type(), new CustomerRegistered(known, "Béla", "bela@example.hu", null, "hu",
                "Europe/Budapest", 8, at, null));
        deadLetter(send(known, EventCatalog.CUSTOMER_UPDATED.type(), new CustomerUpdated(known, "Béla", "bela@example.hu", null, "hu",
                "GMT+03:00", 8, at.plusSeconds(60), null)));

        UUID requested = UUID.randomUUID();
        deadLetter(send(requested, EventCatalog.INVOICE_REQUESTED.type(), new InvoiceRequested("tz:" + requested, requested, null,
                new BillTo("Cem", "cem@example.com.tr", null, "tr", "UTC+3"), LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 3, 31), "TRY", 10, List.of(new RequestedLine("Hosting", BigDecimal.ONE,
                new BigDecimal("100"), new BigDecimal("20"))), null, null)));

        assertThat(storedZone(offset)).isNull();
        assertThat(storedZone(known)).isEqualTo("Europe/Budapest");
        assertThat(jdbc.sql("select count(*) from invoice where customer_id = :c").param("c", requested)
                .query(Long.class).single()).isZero();
    }

    @Test
    void anInvoiceWithAStoredZonePostgresqlDoesNotKnowIsSkippedShownOnceAndTheOthersAreMarkedOverdue() {
        UUID known = insertOpenInvoicePastDue("Europe/Istanbul");
        UUID unknown = insertOpenInvoicePastDue("Mars/Olympus"); // as stored before zones were checked on entry
        try {
            markingOverdue.runDueWork(clock.instant());

            assertThat(markedOverdue(known)).isTrue();
            assertThat(markedOverdue(unknown)).isFalse();
            double unmarkable = meters.get("invoice.overdue.unmarkable").gauge().value();
            assertThat(unmarkable).isGreaterThanOrEqualTo(1);
            // the next scan finds the same invoice again: it is not counted twice
            markingOverdue.runDueWork(clock.instant());
            assertThat(meters.get("invoice.overdue.unmarkable").gauge().value()).isEqualTo(unmarkable);
        } finally {
            jdbc.sql("delete from invoice where id = :id").param("id", unknown).update();
        }
    }

    // issued long before the background renderer's window, so no PDF is stored for it while the test runs
    // (a stored document would keep the cleanup from deleting the invoice)
    private static final Timestamp ISSUED_LONG_AGO = Timestamp.from(Instant.parse("2020-01-01T09:00:00Z"));

    private UUID insertOpenInvoicePastDue(String timeZone) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into invoice (id, number, series, status, customer_id, bill_to_name, bill_to_email, bill_to_language,
                    bill_to_time_zone, issue_date, fulfilment_date, due_date, payment_term_days, currency, net_total,
                    tax_total, total, open_amount, created_at, issued_at)
                values (:id, :number, 'TZS', 'ISSUED', :customer, 'Old Row Ltd.', 'old@example.com', 'en', :tz,
                    date '2020-01-01', date '2020-01-01', date '2020-01-15', 14, 'EUR', 100, 20, 120, 120, :at, :at)""")
                .param("id", id).param("number", "TZS-2020-" + id).param("customer", UUID.randomUUID()).param("tz", timeZone)
                .param("at", ISSUED_LONG_AGO).update();
        return id;
    }

    private boolean markedOverdue(UUID invoice) {
        return jdbc.sql("select overdue_at is not null from invoice where id = :id").param("id", invoice)
                .query(Boolean.class).single();
    }
}
