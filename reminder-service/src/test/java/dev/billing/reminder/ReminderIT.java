package dev.billing.reminder;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeMessagePosted;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeResponseOverdue;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.InvoiceReopened;
import dev.billing.events.invoice.TaxLine;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Reminder plans on real Kafka and PostgreSQL, driven by events published as the other services publish them and by
 * the test clock: planned on issue, fired once per step, cancelled, paused and shifted, never burst after an outage.
 */
@IntegrationTest
class ReminderIT {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    @Value("${local.server.port}")
    int port;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.REMINDER);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private Instant now() {
        return Instant.parse(api.get("/api/test-clock").json().get("now").asString());
    }

    private LocalDate today() {
        return now().atZone(ISTANBUL).toLocalDate();
    }

    /** Moves platform time to noon in Istanbul of {@code date} (the scan runs on the move). */
    private void moveTo(LocalDate date) {
        moveTo(date.atTime(12, 0));
    }

    private void moveTo(LocalDateTime localTime) {
        Instant target = localTime.atZone(ISTANBUL).toInstant();
        if (target.isAfter(now())) {
            ApiClient.Response moved = api.put("/api/test-clock", "{\"now\":\"" + target + "\"}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        }
    }

    private void publish(String topic, UUID customer, String type, Record payload) {
        kafka.send(topic, customer.toString(), UUID.randomUUID().toString(), type, EventJson.write(payload));
    }

    private UUID issue(UUID customer, LocalDate dueDate) {
        UUID invoice = UUID.randomUUID();
        BigDecimal total = new BigDecimal("1200.00");
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_ISSUED.type(), new InvoiceIssued(invoice, "INV-2027-" + invoice.toString().substring(0, 6),
                customer, new BillTo("Yıldız Ajans", "muhasebe@yildiz.example", null, "tr", ISTANBUL.getId()), null, null,
                dueDate.minusDays(14), dueDate.minusDays(14), dueDate, "TRY",
                List.of(new InvoiceLine("Kampanya", BigDecimal.ONE, new BigDecimal("1000.00"), new BigDecimal("20"),
                        new BigDecimal("1000.00"), new BigDecimal("200.00"), total, null)),
                List.of(new TaxLine(new BigDecimal("20"), new BigDecimal("1000.00"), new BigDecimal("200.00"))),
                new BigDecimal("1000.00"), new BigDecimal("200.00"), total, total, "/api/invoices/" + invoice + "/pdf"));
        return invoice;
    }

    private JsonNode plan(UUID invoice) {
        return Eventually.await(() -> api.get("/api/reminders?invoiceId=" + invoice), r -> r.status() == 200
                && !r.json().get("state").asString().equals("UNSEEN"), Duration.ofSeconds(15)).json();
    }

    private JsonNode planOnceSettled(UUID invoice, java.util.function.Predicate<JsonNode> settled) {
        return Eventually.await(() -> api.get("/api/reminders?invoiceId=" + invoice).json(), settled, Duration.ofSeconds(15));
    }

    private static List<String> steps(JsonNode plan) {
        List<String> steps = new java.util.ArrayList<>();
        plan.get("steps").forEach(s -> steps.add(s.get("step").asInt() + " " + s.get("channel").asString() + " "
                + s.get("dueOn").asString() + " " + s.get("status").asString()));
        return steps;
    }

    private List<ConsumerRecord<String, String>> planEvents(String type, UUID invoice, int count) {
        return kafka.await(ofType(type).and(r -> r.value().contains(invoice.toString())), count, Duration.ofSeconds(10));
    }

    private List<ConsumerRecord<String, String>> reminders(UUID invoice, int count, Duration wait) {
        return kafka.await(ofType(EventCatalog.REMINDER_DUE.type()).and(r -> r.value().contains(invoice.toString())), count, wait);
    }

    @Test
    void anIssuedInvoiceIsPlannedByTheDefaultPolicyOnTheCustomersDates() {
        LocalDate due = today().plusDays(30);
        UUID invoice = issue(UUID.randomUUID(), due);

        JsonNode plan = plan(invoice);

        assertThat(plan.get("state").asString()).isEqualTo("OPEN");
        assertThat(plan.get("policy").get("version").asInt()).isPositive();
        assertThat(steps(plan)).startsWith("0 EMAIL " + due.minusDays(3) + " PLANNED", "1 EMAIL " + due + " PLANNED",
                "2 EMAIL " + due.plusDays(3) + " PLANNED", "3 EMAIL " + due.plusDays(7) + " PLANNED",
                "3 TASK " + due.plusDays(7) + " PLANNED", "4 EMAIL " + due.plusDays(14) + " PLANNED");
    }

    /** Invoice Ninja #11854: after an outage reminders stopped forever. Here what fell due fires once: the latest step. */
    @Test
    void stepsThatFellDueWhileNothingRanFireOnceTheLatestOnlyAndTheOthersAreRecordedAsSkipped() {
        LocalDate due = today().plusDays(4);
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, due);
        plan(invoice);

        moveTo(due.plusDays(8));

        List<ConsumerRecord<String, String>> sent = reminders(invoice, 2, Duration.ofSeconds(5));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).value()).contains("\"step\":3", "\"template\":\"reminder-firm\"", "\"channel\":\"EMAIL\"");
        JsonNode plan = planOnceSettled(invoice, p -> p.get("steps").get(0).get("status").asString().equals("SKIPPED"));
        assertThat(steps(plan)).startsWith("0 EMAIL " + due.minusDays(3) + " SKIPPED", "1 EMAIL " + due + " SKIPPED",
                "2 EMAIL " + due.plusDays(3) + " SKIPPED", "3 EMAIL " + due.plusDays(7) + " SENT", "3 TASK " + due.plusDays(7) + " SENT",
                "4 EMAIL " + due.plusDays(14) + " PLANNED");
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_OPENED.type()).and(r -> r.value().contains(invoice.toString())), 1,
                Duration.ofSeconds(10))).hasSize(1);
        JsonNode task = api.get("/api/reminders/tasks?customerId=" + customer).json().get(0);
        assertThat(api.get("/api/reminders/tasks?customerId=" + customer + "&due=TODAY").json().size()).isEqualTo(1);
        assertThat(api.get("/api/reminders/tasks?customerId=" + customer + "&due=OVERDUE").json().size()).isZero();
        assertThat(api.get("/api/reminders/tasks?due=SOON").json().get("field").asString()).isEqualTo("due");
        assertThat(task.get("reason").asString()).startsWith("Payment deadline passed 8 days ago, 0 reminders unanswered (");
    }

    /** Invoice Ninja #2330: a late fee every hour. A step fires once, however often the scan runs. */
    @Test
    void aStepFiresOnceHoweverOftenTheScanRunsOnItsDay() {
        LocalDate due = today().plusDays(3);
        UUID invoice = issue(UUID.randomUUID(), due);
        plan(invoice);
        moveTo(due);
        assertThat(reminders(invoice, 1, Duration.ofSeconds(10))).hasSize(1);

        for (int hour = 1; hour <= 3; hour++) {
            Instant later = due.atTime(12 + hour, 0).atZone(ISTANBUL).toInstant();
            assertThat(api.put("/api/test-clock", "{\"now\":\"" + later + "\"}").status()).isEqualTo(200);
        }

        assertThat(reminders(invoice, 2, Duration.ofSeconds(3))).as("one reminder in all").hasSize(1);
    }

    @Test
    void aPaidInvoiceGetsNoMoreRemindersAndItsTaskClosesByItself() {
        LocalDate due = today().plusDays(2);
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, due);
        plan(invoice);
        moveTo(due.plusDays(7));
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_OPENED.type()).and(r -> r.value().contains(invoice.toString())), 1,
                Duration.ofSeconds(10))).hasSize(1);

        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));

        JsonNode plan = planOnceSettled(invoice, p -> p.get("state").asString().equals("PAID"));
        assertThat(steps(plan)).filteredOn(s -> s.endsWith("PLANNED")).isEmpty();
        assertThat(steps(plan)).filteredOn(s -> s.endsWith("CANCELLED")).isNotEmpty();
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_CLOSED.type()).and(r -> r.value().contains(invoice.toString())), 1,
                Duration.ofSeconds(10))).hasSize(1);
        assertThat(api.get("/api/reminders/tasks?customerId=" + customer + "&status=CLOSED").json().size()).isEqualTo(1);
        moveTo(due.plusDays(30));
        assertThat(reminders(invoice, 2, Duration.ofSeconds(3))).as("only the one before the payment").hasSize(1);
    }

    @Test
    void aPaymentWhoseNewsComesBeforeTheIssueLeavesNoReminder() {
        UUID customer = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
        planOnceSettled(invoice, p -> p.path("state").asString("").equals("PAID"));

        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                EventJson.write(issuedEvent(invoice, customer, today().plusDays(5))));

        JsonNode plan = planOnceSettled(invoice, p -> !p.get("number").isNull());
        assertThat(plan.get("state").asString()).isEqualTo("PAID");
        assertThat(plan.get("steps").size()).isZero();
    }

    private InvoiceIssued issuedEvent(UUID invoice, UUID customer, LocalDate dueDate) {
        BigDecimal total = new BigDecimal("1200.00");
        return new InvoiceIssued(invoice, "INV-2027-000777", customer,
                new BillTo("Yıldız Ajans", "muhasebe@yildiz.example", null, "tr", ISTANBUL.getId()), null, null,
                dueDate.minusDays(14), dueDate.minusDays(14), dueDate, "TRY", List.of(), List.of(), total, BigDecimal.ZERO, total, total,
                "/api/invoices/" + invoice + "/pdf");
    }

    /** Kill Bill #695: the overdue state was not cleared after a credit. A credit note to zero ends the plan. */
    @Test
    void aCreditNoteThatLeavesNothingToPayEndsThePlan() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, today().plusDays(10));
        plan(invoice);

        publish(Topics.INVOICE, customer, EventCatalog.CREDIT_NOTE_ISSUED.type(), new CreditNoteIssued(UUID.randomUUID(), "CRN-2027-000001",
                invoice, "INV", customer, today(), "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO.setScale(2), null, null));

        JsonNode plan = planOnceSettled(invoice, p -> p.get("state").asString().equals("PAID"));
        assertThat(plan.get("closedReason").asString()).contains("credited in full by CRN-2027-000001");
        assertThat(steps(plan)).allMatch(s -> s.endsWith("CANCELLED"));
    }

    @Test
    void aPartialPaymentKeepsThePlanAndTheNextReminderCarriesWhatIsStillOpen() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(5);
        UUID invoice = issue(customer, due);
        plan(invoice);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PARTIALLY_PAID.type(), new InvoicePartiallyPaid(invoice, "INV", customer,
                UUID.randomUUID(), InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("700.00"), new BigDecimal("500.00")));
        planOnceSettled(invoice, p -> p.get("openAmount").asString().equals("500"));

        moveTo(due);

        assertThat(reminders(invoice, 1, Duration.ofSeconds(10)).get(0).value()).contains("\"openAmount\":\"500.00\"");
    }

    /** A dispute holds the plan; when it ends the rest moves by the paused days instead of bursting out. */
    @Test
    void aDisputePausesThePlanAndItsEndShiftsTheRestByThePausedTime() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(4);
        UUID invoice = issue(customer, due);
        plan(invoice);
        UUID dispute = UUID.randomUUID();
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_OPENED.type(), new DisputeOpened(dispute, customer, invoice, "PRICE",
                "The price is not what we agreed", null, null, now(), null, null, null, null, null));
        planOnceSettled(invoice, p -> !p.get("pausedSince").isNull());
        LocalDate pausedOn = today();

        moveTo(due.plusDays(5));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).as("nothing while disputed").isEmpty();
        long pausedDays = java.time.temporal.ChronoUnit.DAYS.between(pausedOn, today());
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute, customer, invoice, "REJECTED",
                null, null, "The agreed price stands", now(), null, null, null, null));

        JsonNode plan = planOnceSettled(invoice, p -> p.get("pausedSince").isNull());
        assertThat(steps(plan)).contains("1 EMAIL " + due.plusDays(pausedDays) + " PLANNED",
                "4 EMAIL " + due.plusDays(14 + pausedDays) + " PLANNED");
    }

    /** Opens a dispute on the invoice now and waits until it paused the plan; answers the day it paused, in Istanbul. */
    private LocalDate disputed(UUID customer, UUID invoice, UUID dispute) {
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_OPENED.type(), new DisputeOpened(dispute, customer, invoice, "PRICE",
                "The price is not what we agreed", null, null, now(), null, "CUSTOMER", null, null, null));
        planOnceSettled(invoice, p -> !p.get("pausedSince").isNull());
        return today();
    }

    @Test
    void aWithdrawnDisputeResumesThePlanShiftedByThePausedTimeLikeARejection() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(4);
        UUID invoice = issue(customer, due);
        plan(invoice);
        UUID dispute = UUID.randomUUID();
        LocalDate pausedOn = disputed(customer, invoice, dispute);

        moveTo(due.plusDays(6));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).as("nothing while disputed").isEmpty();
        long pausedDays = java.time.temporal.ChronoUnit.DAYS.between(pausedOn, today());
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_WITHDRAWN.type(), new DisputeWithdrawn(dispute, customer, invoice,
                "we checked again", now()));

        JsonNode plan = planOnceSettled(invoice, p -> p.get("pausedSince").isNull());
        assertThat(steps(plan)).contains("1 EMAIL " + due.plusDays(pausedDays) + " PLANNED",
                "4 EMAIL " + due.plusDays(14 + pausedDays) + " PLANNED");
    }

    @Test
    void aDisputeResolvedByCreditNoteResumesTheRestAndTheNextReminderCarriesWhatTheCreditLeftOpen() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(4);
        UUID invoice = issue(customer, due);
        plan(invoice);
        UUID dispute = UUID.randomUUID();
        LocalDate pausedOn = disputed(customer, invoice, dispute);
        moveTo(due.plusDays(2));
        long pausedDays = java.time.temporal.ChronoUnit.DAYS.between(pausedOn, today());

        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute, customer, invoice, "CREDIT_NOTE",
                "TRY", new BigDecimal("400.00"), "We credit the second campaign week", now(), null, null, "ayse", "mehmet"));
        JsonNode plan = planOnceSettled(invoice, p -> p.get("pausedSince").isNull());
        assertThat(steps(plan)).contains("1 EMAIL " + due.plusDays(pausedDays) + " PLANNED");
        publish(Topics.INVOICE, customer, EventCatalog.CREDIT_NOTE_ISSUED.type(), new CreditNoteIssued(UUID.randomUUID(), "CRN-2027-000002",
                invoice, "INV", customer, today(), "TRY", new BigDecimal("400.00"), new BigDecimal("800.00"), null, null));
        planOnceSettled(invoice, p -> p.get("openAmount").asString().equals("800"));

        moveTo(due.plusDays(pausedDays));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(10)).get(0).value()).contains("\"openAmount\":\"800.00\"");
    }

    @Test
    void aDisputeResolvedByReissueKeepsThePlanPausedUntilTheStornoCancelsItSoNoReminderGoesOutForTheCancelledInvoice() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(4);
        UUID invoice = issue(customer, due);
        plan(invoice);
        UUID dispute = UUID.randomUUID();
        disputed(customer, invoice, dispute);
        moveTo(due.plusDays(5));

        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute, customer, invoice, "REISSUE",
                "TRY", null, "We issue the invoice again with the agreed price", now(), null,
                List.of(new dev.billing.events.billing.RequestedLine("Kampanya", BigDecimal.ONE, new BigDecimal("900.00"), new BigDecimal("20"))),
                "ayse", "mehmet"));
        JsonNode plan = planOnceSettled(invoice, p -> p.get("pauseReason").asString().contains("re-issue"));
        assertThat(plan.get("pausedSince").isNull()).as("still paused: the storno is on its way").isFalse();
        moveTo(due.plusDays(12));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).as("nothing for an invoice that is being cancelled").isEmpty();

        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_CANCELLED.type(), new InvoiceCancelled(invoice, "INV", customer,
                "STO-2027-000001", "TRY", new BigDecimal("1200.00"), "re-issued after dispute", now(), null, null, null));
        plan = planOnceSettled(invoice, p -> p.get("state").asString().equals("CANCELLED"));
        assertThat(steps(plan)).allMatch(s -> s.endsWith("CANCELLED"));
        moveTo(due.plusDays(30));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).isEmpty();
    }

    private JsonNode disputeTasks(UUID customer, String status, int count) {
        return Eventually.await(() -> api.get("/api/reminders/tasks?customerId=" + customer + "&status=" + status).json(),
                tasks -> tasks.size() == count, Duration.ofSeconds(15));
    }

    private DisputeMessagePosted message(UUID dispute, UUID customer, UUID invoice, String side, String author, String assignee) {
        return new DisputeMessagePosted(dispute, customer, UUID.randomUUID(), author, "Where is the credit we talked about?", now(), invoice,
                side, assignee, List.of("photo.jpg"), false);
    }

    @Test
    void aCustomersDisputeMessageOpensOneReplyTaskThatAStaffReplyClosesAndAnOverdueResponseOpensOneSlaTask() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, today().plusDays(20));
        plan(invoice);
        UUID dispute = UUID.randomUUID();
        disputed(customer, invoice, dispute);
        try (KafkaProbe deadLetters = KafkaProbe.onEmbeddedBroker(Topics.deadLetter(Topics.DISPUTE))) {
            DisputeMessagePosted unnamed = message(dispute, customer, null, "CUSTOMER", "Yıldız Ajans", "ayse");
            publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), unnamed);
            List<ConsumerRecord<String, String>> parked = deadLetters.await(r -> r.key().equals(customer.toString())
                    && "reminder-service".equals(KafkaProbe.header(r, "x-dlq-group")), 1, Duration.ofSeconds(20));
            assertThat(parked).as("a message naming no invoice is invalid: dispute-service always names it").hasSize(1);
            assertThat(KafkaProbe.header(parked.get(0), "x-exception-message")).contains("names no invoiceId");
        }

        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), message(dispute, customer, invoice, "CUSTOMER", "Yıldız Ajans", "ayse"));
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), message(dispute, customer, invoice, "CUSTOMER", "Yıldız Ajans", "ayse"));
        JsonNode reply = disputeTasks(customer, "OPEN", 1).get(0);
        assertThat(reply.get("assignee").asString()).isEqualTo("ayse");
        assertThat(reply.get("disputeId").asString()).isEqualTo(dispute.toString());
        assertThat(reply.get("invoiceId").asString()).isEqualTo(invoice.toString());
        assertThat(reply.get("nextAction").asString()).isEqualTo("Reply to the customer in the dispute.");

        for (int i = 0; i < 2; i++) {
            publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESPONSE_OVERDUE.type(), new DisputeResponseOverdue(dispute, customer,
                    invoice, "ayse", Instant.parse("2027-03-03T06:00:00Z"), now()));
        }
        JsonNode open = disputeTasks(customer, "OPEN", 2);
        assertThat(open).extracting(t -> t.get("reason").asString())
                .anySatisfy(r -> assertThat(r).startsWith("SLA overdue").contains("2027-03-03 09:00 (Europe/Istanbul)"));
        // what follows on the same key comes after the repeated ones: once it is there, they were consumed
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), message(dispute, customer, invoice, "STAFF", "ayse", "ayse"));
        JsonNode closed = disputeTasks(customer, "CLOSED", 2);
        assertThat(closed).allSatisfy(t -> assertThat(t.get("resolution").asString()).isEqualTo("answered in the dispute by ayse"));
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_OPENED.type()).and(r -> r.value().contains(invoice.toString())), 3,
                Duration.ofSeconds(3))).as("one reply task for two messages, one SLA task for two notices").hasSize(2);
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_CLOSED.type()).and(r -> r.value().contains(invoice.toString())), 2,
                Duration.ofSeconds(10))).hasSize(2);

        // the customer writes again, the dispute has no assignee now: the team's task; the dispute's end closes it
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), message(dispute, customer, invoice, "CUSTOMER", "Yıldız Ajans", null));
        JsonNode again = disputeTasks(customer, "OPEN", 1).get(0);
        assertThat(again.get("assignee").isNull()).as("the team's").isTrue();
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESPONSE_OVERDUE.type(), new DisputeResponseOverdue(dispute, customer,
                invoice, null, Instant.parse("2027-03-03T06:00:00Z"), now()));
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute, customer, invoice, "REJECTED",
                null, null, "The agreed price stands", now(), null, null, null, null));
        JsonNode ended = disputeTasks(customer, "CLOSED", 3);
        assertThat(ended).extracting(t -> t.get("resolution").asString()).contains("the dispute was resolved (REJECTED)");
        assertThat(disputeTasks(customer, "OPEN", 0)).as("no second SLA task, though notified again").isEmpty();
    }

    @Test
    void aBrokenPromiseOpensATaskAndTheRemindersGoOn() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(2);
        UUID invoice = issue(customer, due);
        plan(invoice);
        ApiClient.Response promised = api.post("/api/reminders/promises", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "promisedOn", due.plusDays(5).toString(), "amount", "1200.00")));
        assertThat(promised.status()).as(promised.body()).isEqualTo(200);

        moveTo(due.plusDays(4));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).as("held by the promise").isEmpty();

        moveTo(due.plusDays(6));
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_OPENED.type()).and(r -> r.value().contains(invoice.toString())), 1,
                Duration.ofSeconds(10)).get(0).value()).contains("was not kept");
        assertThat(reminders(invoice, 2, Duration.ofSeconds(5))).as("the latest due step, once").hasSize(1);
        assertThat(api.post("/api/reminders/promises", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "promisedOn", due.toString()))).status()).as("a date in the past").isEqualTo(422);
    }

    /** Kill Bill #2297: the overdue state was not re-anchored. A reopened invoice is planned again, from today on. */
    @Test
    void aReopenedInvoiceIsPlannedAgainFromTodayWithoutThePastSteps() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(3);
        UUID invoice = issue(customer, due);
        plan(invoice);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
        planOnceSettled(invoice, p -> p.get("state").asString().equals("PAID"));
        moveTo(due.plusDays(5));

        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_REOPENED.type(), new InvoiceReopened(invoice, "INV", customer,
                UUID.randomUUID(), "TRY", new BigDecimal("1200.00"), new BigDecimal("1200.00"), "ISSUED"));

        JsonNode plan = planOnceSettled(invoice, p -> p.get("state").asString().equals("OPEN"));
        List<String> planned = steps(plan).stream().filter(s -> s.endsWith("PLANNED")).toList();
        assertThat(planned).first().isEqualTo("3 EMAIL " + due.plusDays(7) + " PLANNED");
        assertThat(plan.get("steps")).filteredOn(s -> s.get("round").asInt() == 1)
                .allMatch(s -> !LocalDate.parse(s.get("dueOn").asString()).isBefore(due.plusDays(5)));
    }

    @Test
    void policiesAreVersionedAndRefusedWithTheFieldNamed() {
        ApiClient.Response created = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Gentle",
                "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("email"), "template", "reminder-friendly", "tone", "friendly"),
                        Map.of("offsetDays", 10, "channels", List.of(), "template", "reminder-final", "tone", "FINAL", "escalate", true)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.json().get("steps").get(0).get("channels").get(0).asString()).isEqualTo("EMAIL");

        ApiClient.Response edited = api.put("/api/reminders/policies/" + id, ApiClient.json(Map.of("name", "Gentle", "repeatEveryDays", 5,
                "repeatMaxTimes", 2, "steps", List.of(Map.of("offsetDays", 1, "channels", List.of("SMS"), "template", "reminder-friendly",
                        "tone", "FRIENDLY")))));
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/api/reminders/policies/" + id + "?version=1").json().get("steps").size()).isEqualTo(2);

        Map<String, Object> badStep = Map.of("offsetDays", 0, "channels", List.of("FAX"), "template", "x", "tone", "FIRM");
        ApiClient.Response refused = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Bad", "steps", List.of(badStep))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("steps[0].channels");
        ApiClient.Response halfRepeat = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Bad", "repeatEveryDays", 3,
                "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("EMAIL"), "template", "x", "tone", "FIRM")))));
        assertThat(halfRepeat.status()).isEqualTo(400);
        assertThat(halfRepeat.json().get("field").asString()).isEqualTo("repeatMaxTimes");
        ApiClient.Response farOff = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Bad",
                "steps", List.of(Map.of("offsetDays", Integer.MIN_VALUE, "channels", List.of("EMAIL"), "template", "x", "tone", "FIRM")))));
        assertThat(farOff.status()).isEqualTo(400);
        assertThat(farOff.json().get("field").asString()).isEqualTo("steps[0].offsetDays");
    }

    @Test
    void aCustomerOnAnotherPolicyOrExcludedIsPlannedAccordingly() {
        ApiClient.Response policy = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Only on the day",
                "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("EMAIL", "SMS"), "template", "reminder-friendly", "tone", "FRIENDLY")))));
        UUID onPolicy = UUID.randomUUID();
        assertThat(api.put("/api/reminders/customers/" + onPolicy + "/policy", ApiClient.json(Map.of("policyId",
                policy.json().get("id").asString()))).status()).isEqualTo(200);
        UUID excluded = UUID.randomUUID();
        assertThat(api.put("/api/reminders/customers/" + excluded + "/policy", "{\"excluded\":true}").status()).isEqualTo(200);
        LocalDate due = today().plusDays(20);

        JsonNode planned = plan(issue(onPolicy, due));
        JsonNode none = plan(issue(excluded, due));

        assertThat(steps(planned)).containsExactly("0 EMAIL " + due + " PLANNED", "0 SMS " + due + " PLANNED");
        assertThat(none.get("excluded").asBoolean()).isTrue();
        assertThat(none.get("steps").size()).isZero();
    }

    @Test
    void excludingACustomerCancelsWhatIsStillPlannedForThem() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, today().plusDays(12));
        plan(invoice);

        assertThat(api.put("/api/reminders/customers/" + customer + "/policy", "{\"excluded\":true}").status()).isEqualTo(200);

        JsonNode plan = api.get("/api/reminders?invoiceId=" + invoice).json();
        assertThat(plan.get("excluded").asBoolean()).isTrue();
        assertThat(plan.get("steps")).isNotEmpty().allMatch(s -> s.get("status").asString().equals("CANCELLED")
                && s.get("reason").asString().equals("the customer was excluded from dunning"));
    }

    @Test
    void withQuietHoursAReminderWaitsForTheCustomersMorning() {
        ApiClient.Response policy = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Office hours",
                "sendFrom", "09:00", "sendUntil", "17:00",
                "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("EMAIL"), "template", "reminder-friendly", "tone", "FRIENDLY")))));
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        UUID customer = UUID.randomUUID();
        assertThat(api.put("/api/reminders/customers/" + customer + "/policy", ApiClient.json(Map.of("policyId",
                policy.json().get("id").asString()))).status()).isEqualTo(200);
        LocalDate due = today().plusDays(2);
        UUID invoice = issue(customer, due);
        plan(invoice);

        moveTo(due.atTime(20, 0));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).as("20:00 in Istanbul is outside 09:00-17:00").isEmpty();
        moveTo(due.plusDays(1).atTime(9, 30));

        assertThat(reminders(invoice, 1, Duration.ofSeconds(10))).hasSize(1);
        ApiClient.Response inverted = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Bad", "sendFrom", "18:00",
                "sendUntil", "08:00", "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("EMAIL"), "template", "x", "tone", "FIRM")))));
        assertThat(inverted.json().get("field").asString()).isEqualTo("sendUntil");
    }

    @Test
    void aCustomerWhoPaysAfterTwoRemindersIsChronicLateInTheirProfileAndGetsThePolicyChosenForIt() {
        UUID customer = UUID.randomUUID();
        assertThat(api.get("/api/reminders/customers/" + customer + "/profile").json().get("kind").asString()).isEqualTo("ON_TIME");
        LocalDate due = today().plusDays(4);
        UUID invoice = issue(customer, due);
        plan(invoice);
        moveTo(due.minusDays(3));
        moveTo(due);
        assertThat(reminders(invoice, 2, Duration.ofSeconds(10))).hasSize(2);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
        planOnceSettled(invoice, p -> p.get("state").asString().equals("PAID"));

        JsonNode profile = api.get("/api/reminders/customers/" + customer + "/profile").json();

        assertThat(profile.get("kind").asString()).isEqualTo("CHRONIC_LATE");
        assertThat(profile.get("paidInvoices").asInt()).isEqualTo(1);
        assertThat(new BigDecimal(profile.get("averageReminders").asString())).isEqualByComparingTo("2");
    
        // a policy chosen for chronic late payers plans this customer's next invoice, who has no policy of their own
        ApiClient.Response early = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Early and firm",
                "steps", List.of(Map.of("offsetDays", -5, "channels", List.of("EMAIL"), "template", "reminder-firm", "tone", "FIRM")))));
        String earlyId = early.json().get("id").asString();
        try {
            ApiClient.Response chosen = api.as(dev.billing.events.access.Role.COLLECTOR).put("/api/reminders/profile-policies/CHRONIC_LATE",
                    ApiClient.json(Map.of("policyId", earlyId)));
            assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
            assertThat(api.get("/api/reminders/profile-policies").json().get("CHRONIC_LATE").get("policyName").asString()).isEqualTo("Early and firm");
            JsonNode assignment = api.get("/api/reminders/customers/" + customer + "/policy").json();
            assertThat(assignment.get("source").asString()).isEqualTo("PROFILE");
            assertThat(assignment.get("policyName").asString()).isEqualTo("Early and firm");
            LocalDate nextDue = today().plusDays(20);
            JsonNode next = plan(issue(customer, nextDue));
            assertThat(next.get("policy").get("id").asString()).isEqualTo(earlyId);
            assertThat(steps(next)).containsExactly("0 EMAIL " + nextDue.minusDays(5) + " PLANNED");
            assertThat(plan(issue(UUID.randomUUID(), nextDue)).get("policy").get("id").asString()).as("an on-time payer keeps the default")
                    .isEqualTo("00000000-0000-0000-0000-00000000d001");
            assertThat(api.put("/api/reminders/profile-policies/SLOW", ApiClient.json(Map.of("policyId", earlyId))).json().get("field")
                    .asString()).isEqualTo("profile");
            assertThat(api.as(dev.billing.events.access.Role.VIEWER).put("/api/reminders/profile-policies/CHRONIC_LATE",
                    ApiClient.json(Map.of("policyId", earlyId))).status()).isEqualTo(403);
        } finally {
            api.put("/api/reminders/profile-policies/CHRONIC_LATE", "{\"policyId\":null}");
        }
        assertThat(api.get("/api/reminders/customers/" + customer + "/policy").json().get("source").asString()).isEqualTo("DEFAULT");
    }

    @Test
    void aChannelThatSentTodayWaitsForTheNextDayEvenWhenAReopenedPlanIsDueAgain() {
        ApiClient.Response policy = api.post("/api/reminders/policies", ApiClient.json(Map.of("name", "On the day",
                "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("EMAIL"), "template", "reminder-friendly", "tone", "FRIENDLY")))));
        UUID customer = UUID.randomUUID();
        assertThat(api.put("/api/reminders/customers/" + customer + "/policy", ApiClient.json(Map.of("policyId",
                policy.json().get("id").asString()))).status()).isEqualTo(200);
        LocalDate due = today().plusDays(2);
        UUID invoice = issue(customer, due);
        plan(invoice);
        moveTo(due.atTime(10, 0));
        assertThat(reminders(invoice, 1, Duration.ofSeconds(10))).hasSize(1);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
        planOnceSettled(invoice, p -> p.get("state").asString().equals("PAID"));
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_REOPENED.type(), new InvoiceReopened(invoice, "INV", customer,
                UUID.randomUUID(), "TRY", new BigDecimal("1200.00"), new BigDecimal("1200.00"), "ISSUED"));
        planOnceSettled(invoice, p -> p.get("state").asString().equals("OPEN"));

        moveTo(due.atTime(15, 0));
        assertThat(reminders(invoice, 2, Duration.ofSeconds(3))).as("the new round's step waits: EMAIL sent today").hasSize(1);
        moveTo(due.plusDays(1));

        assertThat(reminders(invoice, 2, Duration.ofSeconds(10))).hasSize(2);
    }

    @Test
    void aPaymentPlanHoldsThePolicyAndRemindsEachInstalmentOnItsDateAndAMissedOneEscalates() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(5);
        UUID invoice = issue(customer, due);
        plan(invoice);
        LocalDate first = due.plusDays(1);
        ApiClient.Response made = api.as(dev.billing.events.access.Role.COLLECTOR).post("/api/reminders/payment-plans", ApiClient.json(Map.of(
                "invoiceId", invoice.toString(), "instalments", 3, "frequency", "MONTHLY", "firstDueOn", today().plusDays(1).toString())));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String planId = made.json().get("id").asString();
        assertThat(made.header("Location")).endsWith("/api/reminders/payment-plans/" + planId);
        ApiClient.Response edited = api.put("/api/reminders/payment-plans/" + planId, ApiClient.json(Map.of("instalments", 3,
                "frequency", "MONTHLY", "firstDueOn", first.toString())));
        assertThat(edited.status()).as("not started yet: " + edited.body()).isEqualTo(200);
        assertThat(edited.json().get("instalments")).extracting(i -> i.get("dueOn").asString() + " " + i.get("amount").asString())
                .containsExactly(first + " 400.00", first.plusMonths(1) + " 400.00", first.plusMonths(2) + " 400.00");
        assertThat(api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", invoice.toString(), "instalments", 2,
                "frequency", "WEEKLY", "firstDueOn", first.toString()))).status()).as("one active plan per invoice").isEqualTo(409);
        List<ConsumerRecord<String, String>> agreed = planEvents(EventCatalog.PAYMENT_PLAN_AGREED.type(), invoice, 2);
        assertThat(agreed).as("made, then changed: each time the whole schedule").hasSize(2);
        assertThat(agreed.get(1).value()).contains("\"planId\":\"" + planId + "\"").contains("{\"position\":1,\"dueOn\":\"" + first
                + "\",\"amount\":\"400.00\"}").contains("{\"position\":3,\"dueOn\":\"" + first.plusMonths(2) + "\"");

        moveTo(due);
        assertThat(reminders(invoice, 1, Duration.ofSeconds(3))).as("the policy's due-date step holds").isEmpty();

        moveTo(first);
        ConsumerRecord<String, String> instalment = reminders(invoice, 1, Duration.ofSeconds(10)).get(0);
        assertThat(instalment.value()).contains("\"template\":\"reminder-instalment\"").contains("\"openAmount\":\"400.00\"")
                .contains("\"dueDate\":\"" + first + "\"");
        assertThat(api.put("/api/reminders/payment-plans/" + planId, ApiClient.json(Map.of("instalments", 2, "frequency", "WEEKLY",
                "firstDueOn", first.plusDays(1).toString()))).status()).as("started").isEqualTo(409);
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PARTIALLY_PAID.type(), new InvoicePartiallyPaid(invoice, "INV", customer,
                UUID.randomUUID(), InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("450.00"), new BigDecimal("750.00")));
        planOnceSettled(invoice, p -> p.get("openAmount").asString().equals("750"));

        moveTo(first.plusMonths(1));
        assertThat(reminders(invoice, 2, Duration.ofSeconds(10)).get(1).value()).as("what is left of the second")
                .contains("\"openAmount\":\"350.00\"");
        moveTo(first.plusMonths(1).plusDays(3 + 1));
        assertThat(kafka.await(ofType(EventCatalog.COLLECTION_TASK_OPENED.type()).and(r -> r.value().contains(invoice.toString())), 1,
                Duration.ofSeconds(10)).get(0).value()).contains("Instalment 2 of 3").contains("was missed: 350.00 TRY of it is unpaid");
        JsonNode broken = api.get("/api/reminders/payment-plans/" + planId).json();
        assertThat(broken.get("status").asString()).isEqualTo("BROKEN");
        assertThat(planEvents(EventCatalog.PAYMENT_PLAN_ENDED.type(), invoice, 1).get(0).value()).contains("\"status\":\"BROKEN\"");
        assertThat(broken.get("instalments")).extracting(i -> i.get("status").asString()).containsExactly("MET", "MISSED", "PLANNED");
        assertThat(reminders(invoice, 3, Duration.ofSeconds(10))).as("the policy's reminders go on: the latest due step, once").hasSize(3);
        assertThat(reminders(invoice, 4, Duration.ofSeconds(3))).hasSize(3);
    }

    @Test
    void aDisputeHoldsThePaymentPlanAndItsEndMovesTheInstalmentsStillToCome() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, today().plusDays(10));
        plan(invoice);
        LocalDate first = today().plusDays(2);
        String planId = api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "instalments", 2, "frequency", "WEEKLY", "firstDueOn", first.toString()))).json().get("id").asString();
        UUID dispute = UUID.randomUUID();
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_OPENED.type(), new DisputeOpened(dispute, customer, invoice, "PRICE",
                "Not what we agreed", null, null, now(), null, null, null, null, null));
        planOnceSettled(invoice, p -> !p.get("pausedSince").isNull());
        LocalDate pausedOn = today();

        moveTo(first.plusDays(6));
        long pausedDays = java.time.temporal.ChronoUnit.DAYS.between(pausedOn, today());
        publish(Topics.DISPUTE, customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute, customer, invoice, "REJECTED",
                null, null, "The price stands", now(), null, null, null, null));
        planOnceSettled(invoice, p -> p.get("pausedSince").isNull());

        JsonNode paymentPlan = api.get("/api/reminders/payment-plans/" + planId).json();
        assertThat(paymentPlan.get("status").asString()).as("not missed while held").isEqualTo("ACTIVE");
        assertThat(paymentPlan.get("instalments")).extracting(i -> i.get("dueOn").asString())
                .containsExactly(first.plusDays(pausedDays).toString(), first.plusDays(7 + pausedDays).toString());
        List<ConsumerRecord<String, String>> schedules = planEvents(EventCatalog.PAYMENT_PLAN_AGREED.type(), invoice, 2);
        assertThat(schedules.get(schedules.size() - 1).value()).as("the moved schedule is announced")
                .contains("\"dueOn\":\"" + first.plusDays(pausedDays) + "\"");
    }

    @Test
    void aPaymentPlanIsRefusedWithTheFieldNamedAndEndsWhenTheInvoiceIsPaidOrCancelled() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, today().plusDays(10));
        plan(invoice);
        ApiClient.Response tooMany = api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "instalments", 99, "frequency", "WEEKLY", "firstDueOn", today().toString())));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("field").asString()).isEqualTo("instalments");
        ApiClient.Response past = api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "instalments", 2, "frequency", "WEEKLY", "firstDueOn", today().minusDays(1).toString())));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.json().get("field").asString()).isEqualTo("firstDueOn");
        assertThat(api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "instalments", 2, "frequency", "DAILY", "firstDueOn", today().toString()))).json().get("field").asString()).isEqualTo("frequency");
        assertThat(api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", UUID.randomUUID().toString(),
                "instalments", 2, "frequency", "WEEKLY", "firstDueOn", today().toString()))).status()).isEqualTo(404);
        assertThat(api.as(dev.billing.events.access.Role.VIEWER).post("/api/reminders/payment-plans", ApiClient.json(Map.of(
                "invoiceId", invoice.toString(), "instalments", 2, "frequency", "WEEKLY", "firstDueOn", today().toString()))).status())
                .isEqualTo(403);
        assertThat(api.get("/api/reminders/payment-plans?invoiceId=" + invoice).json().size()).as("nothing half-written").isZero();

        String planId = api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", invoice.toString(),
                "instalments", 2, "frequency", "WEEKLY", "firstDueOn", today().plusDays(1).toString()))).json().get("id").asString();
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_PAID.type(), new InvoicePaid(invoice, "INV", customer, UUID.randomUUID(),
                InvoicePaid.BY_PAYMENT, "TRY", new BigDecimal("1200.00"), BigDecimal.ZERO, now()));
        assertThat(Eventually.await(() -> api.get("/api/reminders/payment-plans/" + planId).json(),
                p -> !p.get("status").asString().equals("ACTIVE"), Duration.ofSeconds(15)).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(planEvents(EventCatalog.PAYMENT_PLAN_ENDED.type(), invoice, 1).get(0).value()).contains("\"status\":\"COMPLETED\"");
        UUID cancelled = issue(customer, today().plusDays(10));
        plan(cancelled);
        String cancelledPlan = api.post("/api/reminders/payment-plans", ApiClient.json(Map.of("invoiceId", cancelled.toString(),
                "instalments", 2, "frequency", "WEEKLY", "firstDueOn", today().plusDays(1).toString()))).json().get("id").asString();
        publish(Topics.INVOICE, customer, EventCatalog.INVOICE_CANCELLED.type(), new dev.billing.events.invoice.InvoiceCancelled(cancelled,
                "INV", customer, "STR-2027-000001", "TRY", new BigDecimal("1200.00"), null, now(), null, null, null));
        assertThat(Eventually.await(() -> api.get("/api/reminders/payment-plans/" + cancelledPlan).json(),
                p -> !p.get("status").asString().equals("ACTIVE"), Duration.ofSeconds(15)).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aCustomerWithSeveralInvoicesDueTheSameDayGetsOneMessageListingThemAll() {
        UUID customer = UUID.randomUUID();
        LocalDate due = today().plusDays(6);
        UUID first = issue(customer, due);
        UUID second = issue(customer, due);
        plan(first);
        plan(second);

        moveTo(due.minusDays(3));

        List<ConsumerRecord<String, String>> sent = kafka.await(ofType(EventCatalog.REMINDER_DUE.type())
                .and(r -> r.key().equals(customer.toString())), 2, Duration.ofSeconds(10));
        assertThat(sent).as("one message for both").hasSize(1);
        ReminderDue message = EventJson.mapper().readValue(sent.get(0).value(), ReminderDue.class);
        assertThat(message.invoices()).extracting(ReminderDue.DueInvoice::invoiceId).containsExactlyInAnyOrder(first, second);
        UUID listed = message.invoiceId().equals(first) ? second : first;
        JsonNode listedStep = plan(listed).get("steps").get(0);
        assertThat(listedStep.get("status").asString()).isEqualTo("SENT");
        assertThat(listedStep.get("reason").asString()).isEqualTo("sent in one message with " + message.invoiceNumber());
    }

    @Test
    void staffPauseAnInvoiceWithAReasonAndResumeIt() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issue(customer, today().plusDays(9));
        plan(invoice);
        ApiClient.Response paused = api.post("/api/reminders/invoices/" + invoice + "/pause", "{\"reason\":\"Customer called: paying Friday\"}");
        assertThat(paused.json().get("pauseReason").asString()).isEqualTo("Customer called: paying Friday");
        assertThat(api.post("/api/reminders/invoices/" + invoice + "/pause", "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/reminders/invoices/" + UUID.randomUUID() + "/pause", "{\"reason\":\"x\"}").status()).isEqualTo(404);

        JsonNode resumed = api.post("/api/reminders/invoices/" + invoice + "/resume", "").json();

        assertThat(resumed.get("pausedSince").isNull()).isTrue();
    }
}
