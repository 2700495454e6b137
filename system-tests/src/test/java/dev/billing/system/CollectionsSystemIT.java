package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.local.Platform;
import dev.billing.local.PhoneSandbox;
import dev.billing.local.PlatformService;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.KafkaProbe;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Collections across the services as processes, through the gateway: an invoice is issued, a friendly reminder comes
 * 3 days before its due date, a firm one and a task after it, then a bank transfer the accountant records ends the plan,
 * closes the task and brings the receipt, and not one message more arrives.
 */
class CollectionsSystemIT {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static Platform platform;
    private static ApiClient gateway;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 19080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.REMINDER, PlatformService.PAYMENT,
                        PlatformService.NOTIFICATION), true,
                null, null, null, null, null, 0, Map.of("PUBLIC_BASE_URL", "http://localhost:19080")));
        gateway = ApiClient.of(platform, platform.gatewayUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static LocalDate today() {
        return Instant.parse(gateway.get("/api/test-clock").json().get("now").asString()).atZone(LONDON).toLocalDate();
    }

    private static void moveClockTo(LocalDate day) {
        ApiClient.Response moved = gateway.put("/api/test-clock", "{\"now\":\"" + day.atTime(10, 0).atZone(LONDON).toInstant() + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    }

    private static List<String> subjectsTo(String address, int atLeast) {
        return Eventually.await(() -> platform.mail().received().stream().filter(m -> recipient(m).equals(address))
                .map(CollectionsSystemIT::subject).toList(), found -> found.size() >= atLeast, Duration.ofSeconds(60));
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void remindersBeforeAndAfterTheDueDateATaskThenAPaymentEndsThePlanSendsTheReceiptAndNothingMore() throws Exception {
        String address = "accounts@late-payer.example";
        ApiClient.Response customer = gateway.post("/api/customers", ApiClient.json(Map.of("name", "Late Payer Ltd.", "email", address,
                "language", "en", "timeZone", LONDON.getId(), "paymentTermDays", 10)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        String customerId = customer.json().get("id").asString();
        LocalDate start = today().plusDays(3);
        assertThat(gateway.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId, "description", "Ad management",
                "unitPrice", "1200.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY", "startDate", start.toString())))
                .status()).isEqualTo(201);

        moveClockTo(start);
        assertThat(subjectsTo(address, 1).get(0)).startsWith("Your invoice INV-");
        JsonNode invoice = gateway.get("/api/invoices?customerId=" + customerId).json().get(0);
        String invoiceId = invoice.get("id").asString();
        LocalDate due = LocalDate.parse(invoice.get("dueDate").asString());
        JsonNode plan = Eventually.await(() -> gateway.get("/api/reminders?invoiceId=" + invoiceId), r -> r.status() == 200,
                Duration.ofSeconds(30)).json();
        assertThat(plan.get("steps").get(0).get("dueOn").asString()).isEqualTo(due.minusDays(3).toString());

        moveClockTo(due.minusDays(3));
        assertThat(subjectsTo(address, 2).get(1)).isEqualTo("Reminder: invoice " + invoice.get("number").asString());

        moveClockTo(due.plusDays(7));
        assertThat(subjectsTo(address, 3).get(2)).isEqualTo("Overdue: invoice " + invoice.get("number").asString());
        JsonNode task = Eventually.await(() -> gateway.get("/api/reminders/tasks?customerId=" + customerId + "&status=OPEN").json(),
                tasks -> tasks.size() == 1, Duration.ofSeconds(30)).get(0);
        assertThat(task.get("reason").asString()).startsWith("Payment deadline passed 7 days ago, 1 reminder unanswered");

        // the accountant records the bank transfer (payment-service publishes PaymentReceived, invoice-service applies it)
        ApiClient.Response paid = gateway.post("/api/payments", ApiClient.json(Map.of("customerId", customerId, "invoiceId", invoiceId,
                "amount", "1440.00", "currency", "EUR", "method", "BANK_TRANSFER", "reference", "EFT from Acme")));
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(Eventually.await(() -> gateway.get("/api/invoices/" + invoiceId).json().get("status").asString(), "PAID"::equals,
                Duration.ofSeconds(30))).isEqualTo("PAID");
        JsonNode ended = Eventually.await(() -> gateway.get("/api/reminders?invoiceId=" + invoiceId).json(),
                p -> p.get("state").asString().equals("PAID"), Duration.ofSeconds(30));
        assertThat(ended.get("steps")).filteredOn(s -> s.get("status").asString().equals("PLANNED")).isEmpty();
        assertThat(gateway.get("/api/reminders/tasks/" + task.get("id").asString()).json().get("status").asString()).isEqualTo("CLOSED");

        try (KafkaProbe reminders = new KafkaProbe(platform.kafkaBootstrapServers(), Topics.REMINDER)) {
            moveClockTo(due.plusDays(40));
            // the next periods' invoices get reminders of their own; this invoice has had its two, from the topic's start
            assertThat(reminders.drain(Duration.ofSeconds(5)).stream().filter(KafkaProbe.ofType(EventCatalog.REMINDER_DUE.type()))
                    .filter(r -> r.value().contains(invoiceId))).hasSize(2);
        }
        assertThat(gateway.get("/api/reminders?invoiceId=" + invoiceId).json().get("steps"))
                .filteredOn(s -> s.get("status").asString().equals("SENT") && s.get("channel").asString().equals("EMAIL")).hasSize(2);
        // the invoice, the two reminders and the receipt that InvoicePaid brought, not one message more
        assertThat(platform.mail().received().stream().filter(m -> recipient(m).equals(address)).map(CollectionsSystemIT::subject)
                .filter(s -> s.contains(invoice.get("number").asString()))).containsExactly("Your invoice " + invoice.get("number").asString(),
                "Reminder: invoice " + invoice.get("number").asString(), "Overdue: invoice " + invoice.get("number").asString(),
                "Payment received: invoice " + invoice.get("number").asString());
    }

    @Test
    void anSmsReminderGoesOutThroughTheProvidersApiAndItsSignedDeliveryReportComesBackThroughTheGateway() {
        ApiClient.Response policy = gateway.post("/api/reminders/policies", ApiClient.json(Map.of("name", "Text on the due date",
                "steps", List.of(Map.of("offsetDays", 0, "channels", List.of("SMS"), "template", "reminder-friendly", "tone", "FRIENDLY")))));
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        ApiClient.Response customer = gateway.post("/api/customers", ApiClient.json(Map.of("name", "Texting Ltd.",
                "email", "accounts@texting.example", "phone", "+44 7700 900123", "language", "en", "timeZone", LONDON.getId(),
                "paymentTermDays", 10)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        String customerId = customer.json().get("id").asString();
        assertThat(gateway.put("/api/reminders/customers/" + customerId + "/policy",
                ApiClient.json(Map.of("policyId", policy.json().get("id").asString()))).status()).isEqualTo(200);
        LocalDate start = today().plusDays(1);
        assertThat(gateway.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId, "description", "Hosting",
                "unitPrice", "100.00", "currency", "GBP", "taxRate", "20", "interval", "YEARLY", "startDate", start.toString())))
                .status()).isEqualTo(201);
        moveClockTo(start);
        JsonNode invoice = Eventually.await(() -> gateway.get("/api/invoices?customerId=" + customerId).json(), found -> found.size() == 1,
                Duration.ofSeconds(30)).get(0);
        Eventually.await(() -> gateway.get("/api/reminders?invoiceId=" + invoice.get("id").asString()), r -> r.status() == 200,
                Duration.ofSeconds(30));

        moveClockTo(LocalDate.parse(invoice.get("dueDate").asString()));
        PhoneSandbox.Message sms = Eventually.await(() -> platform.phones().received().stream()
                .filter(m -> m.to().equals("+447700900123")).toList(), found -> found.size() == 1, Duration.ofSeconds(60)).get(0);
        assertThat(sms.channel()).isEqualTo("SMS");
        assertThat(sms.text()).startsWith("Dear Texting Ltd., invoice " + invoice.get("number").asString() + " is due on");
        // the sandbox reports the SMS delivered to the gateway's /webhooks/sms/twilio, signed with the auth token
        JsonNode history = Eventually.await(() -> gateway.get("/api/notifications?customerId=" + customerId + "&channel=SMS").json(),
                found -> found.size() == 1 && "DELIVERED".equals(found.get(0).path("deliveryStatus").asString(null)), Duration.ofSeconds(30));
        assertThat(history.get(0).get("provider").asString()).isEqualTo("twilio");
    }
}
