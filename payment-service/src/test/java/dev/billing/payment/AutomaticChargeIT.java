package dev.billing.payment;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.reminder.PaymentPlanAgreed;
import dev.billing.events.reminder.PaymentPlanEnded;
import dev.billing.events.reminder.PlannedInstalment;
import dev.billing.payment.automatic.DeletingEndedCards;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Automatic payments on real Kafka and PostgreSQL with the sandbox provider: a card saved while paying in the portal is
 * charged on an invoice's due date (the customer's day), declines are tried again on days 1, 3, 5 and 7 and published
 * with the next attempt, a hard decline blocks the card, disputed invoices wait, a withdrawn card is not charged, and an
 * attempt whose answer was lost is asked again under its key and recorded once.
 */
@IntegrationTest
class AutomaticChargeIT {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final String RETURN = "http://localhost:8080/p/some-link/done";
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeletingEndedCards deleting;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.PAYMENT);
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

    /** Moves platform time on (the charging pass runs at once). */
    private void advance(Duration by) {
        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", now().plus(by).toString()))).status()).isEqualTo(200);
    }

    private UUID issued(UUID customer, String number, LocalDate due, String total) {
        return IssuedInvoices.issue(kafka, jdbc, customer, number, due, "TRY", total,
                new BillTo("Ada Ajans", "ada@example.com", null, "tr", "Europe/Istanbul"));
    }

    /** The customer pays {@code invoice} in the portal with {@code card}, saving it for automatic charges. */
    private void payAndSaveCard(UUID customer, UUID invoice, String card) {
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", "TRY", "invoiceIds", List.of(invoice.toString()), "returnUrl", RETURN, "saveCard", true)));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        UUID checkout = UUID.fromString(started.json().get("checkoutId").asString());
        assertThat(api.anonymous().get("/pay/sandbox/" + checkout).body()).contains("saved for automatic payments");
        assertThat(api.anonymous().send("POST", "/pay/sandbox/" + checkout, "application/x-www-form-urlencoded", "card=" + card).status())
                .isEqualTo(303);
        Eventually.await(() -> jdbc.sql("select count(*) from saved_card where customer_id = :c and status = 'ACTIVE'")
                .param("c", customer).query(Long.class).single(), n -> n == 1, Duration.ofSeconds(10));
    }

    private List<PaymentReceived> received(UUID invoice, int count) {
        return kafka.await(ofType(EventCatalog.PAYMENT_RECEIVED.type()).and(r -> r.value().contains(invoice.toString())), count,
                Duration.ofSeconds(10)).stream().map(r -> EventJson.mapper().readValue(r.value(), PaymentReceived.class)).toList();
    }

    private List<PaymentFailed> failed(UUID invoice, int count) {
        return kafka.await(ofType(EventCatalog.PAYMENT_FAILED.type()).and(r -> r.value().contains(invoice.toString())), count,
                Duration.ofSeconds(10)).stream().map(r -> EventJson.mapper().readValue(r.value(), PaymentFailed.class)).toList();
    }

    private String chargeStatus(UUID invoice) {
        return jdbc.sql("select status from automatic_charge where invoice_id = :id").param("id", invoice).query(String.class)
                .optional().orElse("NONE");
    }

    @Test
    void aSavedCardIsChargedOnTheDueDateAndNotBefore() {
        UUID customer = UUID.randomUUID();
        UUID first = issued(customer, "INV-2027-009001", today().plusDays(20), "10.00");
        payAndSaveCard(customer, first, "4242424242424242");
        JsonNode cards = api.withToken(TestTokens.customer(customer)).get("/api/portal/saved-cards").json();
        assertThat(cards.get("savingOffered").asBoolean()).isTrue();
        assertThat(cards.get("cards").get(0).get("maskedNumber").asString()).isEqualTo("**** **** **** 4242");
        assertThat(cards.toString()).doesNotContain("sbx_card_");
        assertThat(api.get("/api/payments/saved-cards?customerId=" + customer).json().get(0).get("status").asString()).isEqualTo("ACTIVE");

        UUID dueToday = issued(customer, "INV-2027-009002", today(), "250.00");
        UUID dueLater = issued(customer, "INV-2027-009003", today().plusDays(2), "40.00");
        advance(Duration.ofMinutes(1));
        PaymentReceived payment = received(dueToday, 1).get(0);
        assertThat(payment.amount()).isEqualByComparingTo("250.00");
        assertThat(payment.method()).isEqualTo("CARD");
        assertThat(payment.provider()).isEqualTo("sandbox");
        assertThat(payment.providerReference()).startsWith("sbx_");
        assertThat(chargeStatus(dueToday)).isEqualTo("PAID");
        assertThat(chargeStatus(dueLater)).as("not due yet").isEqualTo("NONE");

        advance(Duration.ofMinutes(1));
        assertThat(kafka.drain(Duration.ofMillis(500)).stream().filter(ofType(EventCatalog.PAYMENT_RECEIVED.type()))
                .filter(r -> r.value().contains(dueToday.toString())).count()).as("charged once").isEqualTo(1);
        JsonNode charges = api.get("/api/payments/automatic-charges?customerId=" + customer).json();
        assertThat(charges.get(0).get("status").asString()).isEqualTo("PAID");
        assertThat(charges.get(0).get("paymentId").asString()).isEqualTo(payment.paymentId().toString());
    }

    @Test
    void aSoftDeclineIsTriedAgainOnDaysOneThreeFiveAndSevenThenGivenUp() {
        UUID customer = UUID.randomUUID();
        UUID paidFirst = issued(customer, "INV-2027-009101", today().plusDays(30), "10.00");
        payAndSaveCard(customer, paidFirst, "4000000000009995");
        LocalDate due = today();
        UUID invoice = issued(customer, "INV-2027-009102", due, "99.90");
        advance(Duration.ofMinutes(1));
        for (int day : new int[] {1, 3, 5, 7}) {
            PaymentFailed failure = failed(invoice, 1).get(failed(invoice, 1).size() - 1);
            assertThat(failure.declineCode()).isEqualTo("insufficient_funds");
            assertThat(failure.nextAttemptOn()).isEqualTo(due.plusDays(day));
            assertThat(failure.amount()).isEqualByComparingTo("99.90");
            int before = failed(invoice, 1).size();
            // the day before the retry nothing happens; on its day it is tried again
            while (today().isBefore(due.plusDays(day))) {
                advance(Duration.ofDays(1));
            }
            assertThat(failed(invoice, before + 1)).hasSize(before + 1);
        }
        List<PaymentFailed> failures = failed(invoice, 5);
        assertThat(failures).hasSize(5);
        assertThat(failures.get(4).nextAttemptOn()).as("the schedule ran out").isNull();
        assertThat(chargeStatus(invoice)).isEqualTo("GAVE_UP");
        advance(Duration.ofDays(3));
        assertThat(failed(invoice, 6)).hasSize(5);
        assertThat(jdbc.sql("select status from saved_card where customer_id = :c").param("c", customer).query(String.class).single())
                .as("a soft decline leaves the card").isEqualTo("ACTIVE");
    }

    @Test
    void aHardDeclineIsNotTriedAgainAndBlocksTheCard() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009201", today().plusDays(30), "10.00"), "4000000000009979");
        UUID invoice = issued(customer, "INV-2027-009202", today(), "500.00");
        advance(Duration.ofMinutes(1));
        PaymentFailed failure = failed(invoice, 1).get(0);
        assertThat(failure.declineCode()).isEqualTo("stolen_card");
        assertThat(failure.nextAttemptOn()).isNull();
        assertThat(chargeStatus(invoice)).isEqualTo("HARD_DECLINED");
        JsonNode card = api.get("/api/payments/saved-cards?customerId=" + customer).json().get(0);
        assertThat(card.get("status").asString()).isEqualTo("BLOCKED");

        UUID next = issued(customer, "INV-2027-009203", today(), "20.00");
        advance(Duration.ofDays(2));
        assertThat(failed(invoice, 2)).hasSize(1);
        assertThat(chargeStatus(next)).as("no card to charge").isEqualTo("NONE");
        assertThat(api.withToken(TestTokens.customer(customer)).get("/api/portal/saved-cards").json().get("cards")).isEmpty();
    }

    @Test
    void aDisputedInvoiceIsNotChargedUntilTheDisputeEnds() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009301", today().plusDays(30), "10.00"), "4242424242424242");
        UUID invoice = issued(customer, "INV-2027-009302", today().plusDays(1), "70.00");
        UUID dispute = UUID.randomUUID();
        kafka.send(Topics.DISPUTE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.DISPUTE_OPENED.type(),
                EventJson.write(new DisputeOpened(dispute, customer, invoice, "PRICE", "too much", null, null, now(), null, null, null, null, null)));
        Eventually.await(() -> jdbc.sql("select disputed from invoice_copy where invoice_id = :id").param("id", invoice)
                .query(Boolean.class).single(), Boolean.TRUE::equals, Duration.ofSeconds(10));
        advance(Duration.ofDays(2));
        assertThat(chargeStatus(invoice)).isEqualTo("NONE");

        kafka.send(Topics.DISPUTE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.DISPUTE_RESOLVED.type(),
                EventJson.write(new DisputeResolved(dispute, customer, invoice, "REJECTED", null, null, "the price was agreed", now(), null, null, null, null)));
        Eventually.await(() -> jdbc.sql("select disputed from invoice_copy where invoice_id = :id").param("id", invoice)
                .query(Boolean.class).single(), Boolean.FALSE::equals, Duration.ofSeconds(10));
        advance(Duration.ofMinutes(1));
        assertThat(received(invoice, 1)).hasSize(1);
    }

    @Test
    void aDisputeTheCustomerWithdrewLetsTheInvoiceBeChargedAgain() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009311", today().plusDays(30), "10.00"), "4242424242424242");
        UUID invoice = issued(customer, "INV-2027-009312", today().plusDays(1), "75.00");
        UUID dispute = UUID.randomUUID();
        kafka.send(Topics.DISPUTE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.DISPUTE_OPENED.type(),
                EventJson.write(new DisputeOpened(dispute, customer, invoice, "PRICE", "too much", null, null, now(), null, null, null, null, null)));
        Eventually.await(() -> jdbc.sql("select disputed from invoice_copy where invoice_id = :id").param("id", invoice)
                .query(Boolean.class).single(), Boolean.TRUE::equals, Duration.ofSeconds(10));
        advance(Duration.ofDays(2));
        assertThat(chargeStatus(invoice)).isEqualTo("NONE");

        kafka.send(Topics.DISPUTE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.DISPUTE_WITHDRAWN.type(),
                EventJson.write(new DisputeWithdrawn(dispute, customer, invoice, "we checked again, the price is right", now())));
        Eventually.await(() -> jdbc.sql("select disputed from invoice_copy where invoice_id = :id").param("id", invoice)
                .query(Boolean.class).single(), Boolean.FALSE::equals, Duration.ofSeconds(10));
        advance(Duration.ofMinutes(1));
        assertThat(received(invoice, 1)).hasSize(1);
    }

    @Test
    void aCardTheCustomerWithdrewIsNotChargedIsDeletedAtTheProviderAndNoOtherCustomerCanWithdrawIt() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009401", today().plusDays(30), "10.00"), "4242424242424242");
        String cardId = api.withToken(TestTokens.customer(customer)).get("/api/portal/saved-cards").json().get("cards").get(0)
                .get("id").asString();
        ApiClient.Response foreign = api.withToken(TestTokens.customer(UUID.randomUUID())).send("DELETE", "/api/portal/saved-cards/" + cardId, "application/json", "");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(api.withToken(TestTokens.customer(customer)).send("DELETE", "/api/portal/saved-cards/" + cardId, "application/json", "").status()).isEqualTo(204);

        UUID invoice = issued(customer, "INV-2027-009402", today(), "30.00");
        advance(Duration.ofMinutes(1));
        assertThat(chargeStatus(invoice)).isEqualTo("NONE");
        assertThat(api.get("/api/payments/saved-cards?customerId=" + customer).json().get(0).get("status").asString()).isEqualTo("REMOVED");
        // the clock move ran the deletion too: the sandbox no longer has the card
        assertThat(jdbc.sql("""
                        select s.deleted_at is not null and c.deleted_at_provider is not null
                        from saved_card c join sandbox_card s on s.token = c.provider_token where c.id = :id::uuid""")
                .param("id", cardId).query(Boolean.class).single()).isTrue();
    }

    /** An attempt of 45.00 on {@code invoice} left CHARGING, which the sandbox made as {@code transactionId}. */
    private void chargedWithAnswerLost(UUID customer, UUID invoice, Map<String, Object> card, String transactionId) {
        UUID key = UUID.randomUUID();
        jdbc.sql("""
                        insert into automatic_charge (id, invoice_id, customer_id, card_id, currency, amount, first_attempt_on, status,
                            attempt_key, updated_at)
                        values (gen_random_uuid(), :invoice, :customer, :card, 'TRY', 45.00, :today, 'CHARGING', :key, now())""")
                .param("invoice", invoice).param("customer", customer).param("card", card.get("id")).param("today", today())
                .param("key", key).update();
        jdbc.sql("""
                        insert into sandbox_card_charge (idempotency_key, token, amount, currency, transaction_id, status, charged_at)
                        values (:key, :token, 45.00, 'TRY', :transaction, 'SUCCEEDED', now())""")
                .param("key", key).param("token", card.get("provider_token")).param("transaction", transactionId).update();
    }

    /** The customer's active card as stored: its {@code id} and {@code provider_token}. */
    private Map<String, Object> activeCard(UUID customer) {
        return jdbc.sql("select id, provider_token from saved_card where customer_id = :c and status = 'ACTIVE'")
                .param("c", customer).query().singleRow();
    }

    @Test
    void anAttemptWhoseAnswerWasLostIsAskedAgainUnderItsKeyAndRecordedOnce() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009501", today().plusDays(30), "10.00"), "4242424242424242");
        UUID invoice = issued(customer, "INV-2027-009502", today().plusDays(5), "45.00");
        Map<String, Object> card = activeCard(customer);
        // the attempt was sent and the sandbox charged the card, then the service stopped before it recorded the answer
        chargedWithAnswerLost(customer, invoice, card, "sbx_charged_before");
        advance(Duration.ofMinutes(1));
        PaymentReceived payment = received(invoice, 1).get(0);
        assertThat(payment.providerReference()).isEqualTo("sbx_charged_before");
        advance(Duration.ofMinutes(1));
        assertThat(received(invoice, 2)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from sandbox_card_charge where token = :t").param("t", card.get("provider_token"))
                .query(Long.class).single()).as("the card was charged once").isEqualTo(1);
        assertThat(chargeStatus(invoice)).isEqualTo("PAID");
    }

    @Test
    void aRemovedCardWhoseChargeAnswerWasLostStaysAtTheProviderUntilThatChargeIsRecorded() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009601", today().plusDays(30), "10.00"), "4242424242424242");
        UUID invoice = issued(customer, "INV-2027-009602", today().plusDays(5), "45.00");
        Map<String, Object> card = activeCard(customer);
        // the sandbox charged the card, the answer was lost, and the customer removed the card meanwhile
        chargedWithAnswerLost(customer, invoice, card, "sbx_charged_before_removal");
        assertThat(api.withToken(TestTokens.customer(customer)).send("DELETE", "/api/portal/saved-cards/" + card.get("id"), "application/json", "")
                .status()).isEqualTo(204);
        deleting.runDueWork(now());
        assertThat(sandboxCardDeleted(card.get("provider_token"))).as("kept while its charge waits for its answer").isFalse();

        advance(Duration.ofMinutes(1));
        assertThat(received(invoice, 1).get(0).providerReference()).isEqualTo("sbx_charged_before_removal");
        advance(Duration.ofMinutes(1));
        assertThat(sandboxCardDeleted(card.get("provider_token"))).isTrue();
    }

    private boolean sandboxCardDeleted(Object token) {
        return jdbc.sql("select deleted_at is not null from sandbox_card where token = :t").param("t", token).query(Boolean.class).single();
    }

    @Test
    void anInvoiceUnderAPaymentPlanIsChargedByItsInstalmentsOnTheirDays() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009701", today().plusDays(30), "10.00"), "4242424242424242");
        UUID invoice = issued(customer, "INV-2027-009702", today(), "900.00");
        UUID plan = UUID.randomUUID();
        LocalDate first = today();
        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.PAYMENT_PLAN_AGREED.type(),
                EventJson.write(new PaymentPlanAgreed(plan, customer, invoice, "TRY", new BigDecimal("900.00"), List.of(
                        new PlannedInstalment(1, first, new BigDecimal("300.00")),
                        new PlannedInstalment(2, first.plusDays(7), new BigDecimal("300.00")),
                        new PlannedInstalment(3, first.plusDays(14), new BigDecimal("300.00"))), now())));
        Eventually.await(() -> jdbc.sql("select count(*) from plan_instalment_copy where plan_id = :p").param("p", plan)
                .query(Long.class).single(), n -> n == 3, Duration.ofSeconds(10));

        advance(Duration.ofMinutes(1));
        assertThat(received(invoice, 1)).extracting(p -> p.amount().toPlainString()).as("the first instalment, not the invoice")
                .containsExactly("300.00");
        // invoice-service has not applied it yet (no InvoicePartiallyPaid here): the next instalment is still only its own
        while (today().isBefore(first.plusDays(7))) {
            advance(Duration.ofDays(1));
        }
        assertThat(received(invoice, 2)).extracting(p -> p.amount().toPlainString()).containsExactly("300.00", "300.00");
        assertThat(api.get("/api/payments/automatic-charges?customerId=" + customer).json().valueStream()
                .filter(c -> c.get("invoiceId").asString().equals(invoice.toString())).map(c -> c.get("status").asString()).toList())
                .containsExactly("PAID", "PAID");

        // the plan ends (cancelled by staff): the rest is the invoice's again, charged as a whole on its next pass
        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.PAYMENT_PLAN_ENDED.type(),
                EventJson.write(new PaymentPlanEnded(plan, customer, invoice, "CANCELLED", "staff ended it", now())));
        Eventually.await(() -> jdbc.sql("select status from payment_plan_copy where plan_id = :p").param("p", plan)
                .query(String.class).single(), "CANCELLED"::equals, Duration.ofSeconds(10));
        jdbc.sql("update invoice_copy set open_amount = 300.00, status = 'PARTIALLY_PAID' where invoice_id = :id").param("id", invoice).update();
        advance(Duration.ofMinutes(1));
        assertThat(received(invoice, 3)).extracting(p -> p.amount().toPlainString()).containsExactly("300.00", "300.00", "300.00");
    }

    /** The customer begins paying {@code invoice} in the portal (sandbox), without saving a card: the checkout is OPEN. */
    private UUID beginPortalPayment(UUID customer, UUID invoice) {
        ApiClient.Response started = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", "TRY", "invoiceIds", List.of(invoice.toString()), "returnUrl", RETURN)));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return UUID.fromString(started.json().get("checkoutId").asString());
    }

    private String checkoutStatus(UUID checkout) {
        return jdbc.sql("select status from checkout where id = :id").param("id", checkout).query(String.class).single();
    }

    private void payAtSandbox(UUID checkout, String card, String decided) {
        assertThat(api.anonymous().send("POST", "/pay/sandbox/" + checkout, "application/x-www-form-urlencoded", "card=" + card).status())
                .isEqualTo(303);
        Eventually.await(() -> checkoutStatus(checkout), decided::equals, Duration.ofSeconds(10));
    }

    @Test
    void aPortalPaymentUnderWayHoldsTheInvoicesChargeWhichComesOnceItIsGivenUpAndNeverWhenItWasPaid() {
        UUID customer = UUID.randomUUID();
        payAndSaveCard(customer, issued(customer, "INV-2027-009801", today().plusDays(30), "10.00"), "4242424242424242");

        // the customer is paying it at the provider's page right now: the automatic charge waits
        UUID declinedInPortal = issued(customer, "INV-2027-009802", today(), "120.00");
        UUID checkout = beginPortalPayment(customer, declinedInPortal);
        advance(Duration.ofMinutes(1));
        assertThat(chargeStatus(declinedInPortal)).as("held while the portal payment is open").isEqualTo("NONE");
        assertThat(checkoutStatus(checkout)).isEqualTo("OPEN");
        // given up (the card the customer tried was declined): the next pass charges the saved card
        payAtSandbox(checkout, "4000000000000002", "FAILED");
        advance(Duration.ofMinutes(1));
        PaymentReceived charged = received(declinedInPortal, 1).get(0);
        assertThat(charged.amount()).isEqualByComparingTo("120.00");
        assertThat(chargeStatus(declinedInPortal)).isEqualTo("PAID");

        // paid in the portal: not charged, neither before invoice-service reports it paid nor after
        UUID paidInPortal = issued(customer, "INV-2027-009803", today(), "80.00");
        UUID paying = beginPortalPayment(customer, paidInPortal);
        payAtSandbox(paying, "4242424242424242", "PAID");
        advance(Duration.ofMinutes(1));
        assertThat(chargeStatus(paidInPortal)).as("just paid in the portal, its copy still open").isEqualTo("NONE");
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_PAID.type(),
                EventJson.write(new InvoicePaid(paidInPortal, "INV-2027-009803", customer, null, InvoicePaid.BY_PAYMENT, "TRY",
                        new BigDecimal("80.00"), BigDecimal.ZERO, now())));
        Eventually.await(() -> jdbc.sql("select status from invoice_copy where invoice_id = :id").param("id", paidInPortal)
                .query(String.class).single(), "PAID"::equals, Duration.ofSeconds(10));
        advance(Duration.ofMinutes(31));
        assertThat(chargeStatus(paidInPortal)).isEqualTo("NONE");
        assertThat(received(paidInPortal, 2)).as("the portal's payment only").hasSize(1)
                .allSatisfy(p -> assertThat(p.amount()).isEqualByComparingTo("80.00"));
        assertThat(jdbc.sql("select recorded_by from payment where invoice_id = :id").param("id", paidInPortal).query(String.class).list())
                .containsExactly("customer");
    }

    @Test
    void savingACardWhereTheProviderCannotIsRefusedNamingTheField() {
        UUID customer = UUID.randomUUID();
        UUID invoice = issued(customer, "INV-2027-009601", today().plusDays(30), "10.00");
        ApiClient.Response refused = api.withToken(TestTokens.customer(customer)).post("/api/portal/checkouts",
                ApiClient.json(Map.of("currency", "TRY", "invoiceIds", List.of(invoice.toString()), "returnUrl", RETURN, "saveCard", true,
                        "provider", "paytr")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("field").asString()).isIn("saveCard", "provider");
    }
}
