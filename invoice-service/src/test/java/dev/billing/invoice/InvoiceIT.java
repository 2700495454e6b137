package dev.billing.invoice;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import dev.billing.invoice.numbering.NumberSeries;
import dev.billing.support.events.EventJson;
import dev.billing.support.events.OutboxRelay;
import dev.billing.support.events.TraceContext;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class InvoiceIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    NumberSeries numberSeries;
    @Autowired
    MeterRegistry meters;
    @Autowired
    OutboxRelay serviceRelay;
    @Autowired
    Clock clock;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.INVOICE, Topics.deadLetter(Topics.BILLING));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private static InvoiceRequested request(UUID customer, String requestId) {
        return request(customer, requestId, LocalDate.of(2027, 3, 1));
    }

    private static InvoiceRequested request(UUID customer, String requestId, LocalDate cut) {
        return new InvoiceRequested(requestId, customer, UUID.randomUUID(),
                new BillTo("Kovács és Társa Kft.", "penzugy@example.hu", null, "hu", "Europe/Budapest"),
                cut, cut, cut.plusMonths(1).minusDays(1), "EUR", 8,
                List.of(new RequestedLine("Hosting", new BigDecimal("2"), new BigDecimal("49.995"), new BigDecimal("27")),
                        new RequestedLine("Domain", BigDecimal.ONE, new BigDecimal("12"), new BigDecimal("0"))), null, null);
    }

    private void send(UUID customer, String eventId, Object payload) {
        kafka.send(Topics.BILLING, customer.toString(), eventId, EventCatalog.INVOICE_REQUESTED.type(), EventJson.write(payload));
    }

    private JsonNode awaitInvoices(UUID customer, int count) {
        return Eventually.await(() -> api.get("/api/invoices?customerId=" + customer).json(), list -> list.size() >= count,
                Duration.ofSeconds(20));
    }

    @Test
    void invoiceIssuedIsPublishedByBootsProducerAsAProducerSpanOfTheTraceThatRequestedIt() {
        UUID customer = UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_REQUESTED.type(),
                EventJson.write(request(customer, "sub-trace:2027-03-01")),
                Map.of(TraceContext.HEADER, "00-" + traceId + "-00f067aa0ba902b7-01"));

        ConsumerRecord<String, String> issued = kafka.await(ofType(EventCatalog.INVOICE_ISSUED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(20)).get(0);
        String stored = jdbc.sql("select traceparent from outbox_event where message_key = :k and event_type = 'invoice.issued.v1'")
                .param("k", customer.toString()).query(String.class).single();
        String published = KafkaProbe.header(issued, TraceContext.HEADER);

        // the consumer continued the requester's trace; the relay's producer span is a child of the stored context
        assertThat(stored.split("-")[1]).isEqualTo(traceId);
        assertThat(published.split("-")[1]).isEqualTo(traceId);
        assertThat(published.split("-")[2]).isNotEqualTo(stored.split("-")[2]);
        // observation and client metrics of the template built on Boot's producer factory
        assertThat(meters.find("spring.kafka.template").tag("spring.kafka.template.name", "eventKafkaTemplate").timer())
                .isNotNull();
        assertThat(meters.find("kafka.producer.record.send.total").tag("client.id", "invoice-service-producer-1").meters()).isNotEmpty();
    }

    @Test
    void anArrearsInvoiceIsFulfilledOnItsPeriodEndAndItsUblDeliveryDateSaysSo() {
        UUID customer = UUID.randomUUID();
        InvoiceRequested inAdvance = request(customer, "sub-arrears:2027-02-01");
        // billed in arrears: the cut is the day after the period; the supply happened on its last day
        InvoiceRequested arrears = new InvoiceRequested(inAdvance.requestId(), customer, inAdvance.subscriptionId(),
                inAdvance.billTo(), LocalDate.of(2027, 3, 1), LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 28), "EUR", 8,
                inAdvance.lines(), null, LocalDate.of(2027, 2, 28));
        send(customer, UUID.randomUUID().toString(), arrears);

        JsonNode invoice = awaitInvoices(customer, 1).get(0);
        assertThat(invoice.get("fulfilmentDate").asString()).isEqualTo("2027-02-28");
        assertThat(api.get("/api/invoices/" + invoice.get("id").asString() + "/ubl").body())
                .contains("<cbc:ActualDeliveryDate>2027-02-28</cbc:ActualDeliveryDate>");
    }

    @Test
    void cancellingASubscriptionInvoiceNamesItsRequestSoBillingCanReleaseThePeriod() {
        UUID customer = UUID.randomUUID();
        InvoiceRequested requested = request(customer, "sub-cancel:2027-03-01");
        send(customer, UUID.randomUUID().toString(), requested);
        String id = awaitInvoices(customer, 1).get(0).get("id").asString();

        assertThat(api.post("/api/invoices/" + id + "/cancel", "{\"reason\":\"wrong period\"}").status()).isEqualTo(200);

        assertThat(kafka.await(ofType(EventCatalog.INVOICE_CANCELLED.type()).and(r -> r.key().equals(customer.toString())),
                1, Duration.ofSeconds(10)).get(0).value())
                .contains("\"requestId\":\"sub-cancel:2027-03-01\"", "\"subscriptionId\":\"" + requested.subscriptionId() + "\"");
    }

    @Test
    void invoiceRequestedBecomesAnIssuedNumberedInvoiceAndAnInvoiceIssuedEvent() {
        UUID customer = UUID.randomUUID();
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-1:2027-03-01"));

        JsonNode invoices = awaitInvoices(customer, 1);
        assertThat(invoices.size()).isEqualTo(1);
        JsonNode invoice = invoices.get(0);
        assertThat(invoice.get("number").asString()).matches("INV-2027-\\d{6}");
        assertThat(invoice.get("status").asString()).isEqualTo("ISSUED");
        assertThat(invoice.get("issueDate").asString()).isEqualTo("2027-03-01");
        assertThat(invoice.get("dueDate").asString()).isEqualTo("2027-03-09");
        assertThat(invoice.get("fulfilmentDate").asString()).isEqualTo("2027-03-01");
        assertThat(invoice.get("netTotal").asString()).isEqualTo("111.99");
        assertThat(invoice.get("taxTotal").asString()).isEqualTo("27.00");
        assertThat(invoice.get("total").asString()).isEqualTo("138.99");
        assertThat(invoice.get("openAmount").asString()).isEqualTo("138.99");
        assertThat(invoice.get("lines").size()).isEqualTo(2);
        assertThat(api.get("/api/invoices/" + invoice.get("id").asString()).json().get("number").asString())
                .isEqualTo(invoice.get("number").asString());
        assertThat(api.get("/api/invoices?customerId=" + customer + "&status=PAID").json().size()).isZero();

        List<ConsumerRecord<String, String>> issued = kafka.await(ofType(EventCatalog.INVOICE_ISSUED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10));
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).value()).contains("\"number\":\"" + invoice.get("number").asString() + "\"")
                .contains("\"total\":\"138.99\"").contains("\"taxRate\":\"27\"").contains("\"email\":\"penzugy@example.hu\"");
    }

    @Test
    void aRedeliveredEventIsStoppedByTheInboxAloneAndARepeatedRequestByItsRequestId() {
        UUID customer = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        send(customer, eventId, request(customer, "sub-2:2027-03-01"));
        // the same event again, but with a request id the business guard has never seen: only the inbox can stop it
        send(customer, eventId, request(customer, "sub-2:2027-03-01-redelivered"));
        // a new event repeating the request: only the request id can stop it
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-2:2027-03-01"));
        // a later, different request proves the consumer went past the duplicates
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-2:2027-04-01"));

        assertThat(awaitInvoices(customer, 2).size()).isEqualTo(2);
        assertThat(kafka.drain(Duration.ofSeconds(2)).stream().filter(ofType(EventCatalog.INVOICE_ISSUED.type()))
                .filter(r -> r.key().equals(customer.toString()))).hasSize(2);
        assertThat(jdbc.sql("select count(*) from invoice where customer_id = :c").param("c", customer)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void invalidEventGoesToTheDeadLetterTopicWithTheReasonAndTheConsumerGoesOn() {
        UUID customer = UUID.randomUUID();
        String poison = UUID.randomUUID().toString();
        kafka.send(Topics.BILLING, customer.toString(), poison, EventCatalog.INVOICE_REQUESTED.type(),
                "{\"requestId\":\"x\",\"customerId\":\"" + customer + "\",\"currency\":\"EUR\",\"paymentTermDays\":8}");
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-3:2027-03-01"));

        List<ConsumerRecord<String, String>> dead = kafka.await(r -> r.topic().equals(Topics.deadLetter(Topics.BILLING))
                && poison.equals(KafkaProbe.header(r, "ce_id")), 1, Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "x-exception-message")).contains("billTo");
        assertThat(KafkaProbe.header(dead.get(0), "x-original-topic")).isEqualTo(Topics.BILLING);
        assertThat(KafkaProbe.header(dead.get(0), "x-dlq-group")).isEqualTo("invoice-service");
        assertThat(awaitInvoices(customer, 1).size()).isEqualTo(1);
    }

    @Test
    void concurrentIssuingHandsOutGaplessIncreasingNumbers() throws Exception {
        int year = 2090;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tasks.add(() -> transactions.execute(status -> numberSeries.next("GAP", year)));
        }
        List<String> numbers = new ArrayList<>();
        for (Future<String> f : pool.invokeAll(tasks)) {
            numbers.add(f.get());
        }
        pool.shutdown();
        Collections.sort(numbers);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            expected.add(String.format("GAP-%d-%06d", year, i));
        }
        assertThat(numbers).containsExactlyElementsOf(expected);
    }

    @Test
    void pastTheSixthDigitNumbersSimplyGrowAndStillSortBySequence() {
        UUID customer = UUID.randomUUID();
        LocalDate cut = LocalDate.of(2031, 1, 1); // a year of its own, so no other test's numbers widen
        transactions.executeWithoutResult(status -> jdbc.sql("""
                insert into number_series (series, year, last_number) values ('INV', 2031, 999998)
                on conflict (series, year) do update set last_number = greatest(number_series.last_number, 999998)""").update());
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-wide:1", cut));
        awaitInvoices(customer, 1);
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-wide:2", cut));
        awaitInvoices(customer, 2);

        List<String> ascending = new ArrayList<>();
        api.get("/api/invoices?customerId=" + customer + "&sort=number").json().forEach(i -> ascending.add(i.get("number").asString()));
        assertThat(ascending).hasSize(2);
        assertThat(ascending.get(0)).matches("INV-2031-\\d{6}");
        assertThat(ascending.get(1)).matches("INV-2031-\\d{7,}");
        assertThat(api.get("/api/invoices?customerId=" + customer + "&sort=-number").json().get(0).get("number").asString())
                .isEqualTo(ascending.get(1));
    }

    @Test
    void rolledBackIssueGivesItsNumberBack() {
        int year = 2091;
        String first = transactions.execute(status -> numberSeries.next("RBK", year));
        String second = transactions.execute(status -> numberSeries.next("RBK", year));
        assertThat(List.of(first, second)).containsExactly("RBK-2091-000001", "RBK-2091-000002");
        try {
            transactions.executeWithoutResult(status -> {
                numberSeries.next("RBK", year);
                throw new IllegalStateException("crash after numbering");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        // the third number was handed out and rolled back: it is handed out again, no gap
        String next = transactions.execute(status -> numberSeries.next("RBK", year));
        assertThat(next).isEqualTo("RBK-2091-000003");
    }

    @Test
    void aRolledBackBlockOfNumbersGivesAllOfThemBack() {
        int year = 2092;
        List<String> first = transactions.execute(status -> numberSeries.next("BLK", year, 2));
        assertThat(first).containsExactly("BLK-2092-000001", "BLK-2092-000002");
        try {
            transactions.executeWithoutResult(status -> {
                numberSeries.next("BLK", year, 3);
                throw new IllegalStateException("a batch that fails after numbering");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        List<String> next = transactions.execute(status -> numberSeries.next("BLK", year, 2));
        assertThat(next).containsExactly("BLK-2092-000003", "BLK-2092-000004");
    }

    @Test
    void eventCommittedButNotPublishedIsPublishedByARestartedRelay() {
        UUID customer = UUID.randomUUID();
        // the service's own relay stops, as in a crash after commit: only the restarted one below can publish
        serviceRelay.stop();
        try {
            send(customer, UUID.randomUUID().toString(), request(customer, "sub-4:2027-03-01"));
            assertThat(awaitInvoices(customer, 1).size()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :k and event_type = 'invoice.issued.v1' and published_at is null")
                    .param("k", customer.toString()).query(Long.class).single()).isEqualTo(1);
            assertThat(kafka.await(ofType(EventCatalog.INVOICE_ISSUED.type()).and(r -> r.key().equals(customer.toString())),
                    1, Duration.ofSeconds(2))).isEmpty();

            // a relay built from scratch, with a new producer, as after a process restart
            KafkaTemplate<String, String> freshProducer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.kafkaBootstrapServers()),
                    new StringSerializer(), new StringSerializer()));
            OutboxRelay restarted = new OutboxRelay(dataSource, freshProducer, TraceContext.NONE, Clock.systemUTC(),
                    "/invoice-service", new SimpleMeterRegistry(), Duration.ofMillis(50), 500, Duration.ofSeconds(10));
            assertThat(restarted.relayPending()).isPositive();

            assertThat(kafka.await(ofType(EventCatalog.INVOICE_ISSUED.type()).and(r -> r.key().equals(customer.toString())),
                    1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(jdbc.sql("select count(*) from outbox_event where message_key = :k and event_type = 'invoice.issued.v1' and published_at is null")
                    .param("k", customer.toString()).query(Long.class).single()).isZero();
            freshProducer.destroy();
        } finally {
            serviceRelay.start();
        }
        assertThat(kafka.drain(Duration.ofSeconds(1)).stream().filter(ofType(EventCatalog.INVOICE_ISSUED.type()))
                .filter(r -> r.key().equals(customer.toString()))).hasSize(1);
    }

    @Test
    void numbersAreHandedOutInIssueOrderThroughEveryIssuingPath() {
        UUID customer = UUID.randomUUID();
        // today as the service sees it (the test clock may have been moved): every number below is of this year
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Budapest")));
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Kovács és Társa Kft.", "penzugy@example.hu", null, "hu",
                        "Europe/Budapest", 8, java.time.Instant.now(), null)));
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-order:1", today));
        String first = awaitInvoices(customer, 1).get(0).get("number").asString();
        String draft = ApiClient.json(Map.of("customerId", customer.toString(), "currency", "EUR", "lines", List.of(
                Map.of("description", "Hosting", "quantity", "1", "unitPrice", "10", "taxRate", "27"))));
        List<String> numbers = new ArrayList<>(List.of(first));
        for (int i = 0; i < 3; i++) {
            ApiClient.Response created = Eventually.await(() -> api.post("/api/invoices", draft), r -> r.status() != 404,
                    Duration.ofSeconds(15));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            numbers.add(api.post("/api/invoices/" + created.json().get("id").asString() + "/issue", "").json().get("number").asString());
        }
        send(customer, UUID.randomUUID().toString(), request(customer, "sub-order:2", today));
        numbers.add(Eventually.await(() -> api.get("/api/invoices?customerId=" + customer + "&sort=-number").json(),
                list -> list.size() == 5, Duration.ofSeconds(20)).get(0).get("number").asString());

        // one series: each number handed out is the next one, in the order of issuing
        List<Long> sequences = numbers.stream().map(n -> Long.parseLong(n.substring(n.lastIndexOf('-') + 1))).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(numbers).allMatch(n -> n.startsWith("INV-"));
    }


}
