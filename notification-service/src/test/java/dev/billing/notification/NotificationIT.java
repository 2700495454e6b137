package dev.billing.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.access.DocumentLinks;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoiceLine;
import dev.billing.events.invoice.TaxLine;
import dev.billing.notification.template.MessageText;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.EmbeddedInfrastructure;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.MailText;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class NotificationIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.NOTIFICATION);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    static InvoiceIssued invoice(UUID customer, String email, String language) {
        return new InvoiceIssued(UUID.randomUUID(), "INV-2027-000042", customer,
                new BillTo("Şükrü Öztürk", email, null, language, "Europe/Istanbul"), "r-1", null,
                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 15), "TRY",
                List.of(new InvoiceLine("Danışmanlık", BigDecimal.ONE, new BigDecimal("15300.12"), new BigDecimal("20"),
                        new BigDecimal("15300.12"), new BigDecimal("3060.02"), new BigDecimal("18360.14"), null)),
                List.of(new TaxLine(new BigDecimal("20"), new BigDecimal("15300.12"), new BigDecimal("3060.02"))),
                new BigDecimal("15300.12"), new BigDecimal("3060.02"), new BigDecimal("18360.14"), new BigDecimal("18360.14"),
                "/api/invoices/x");
    }

    static final byte[] PDF = "%PDF-1.7 a rendered invoice".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What invoice-service publishes once it has rendered the document (the PDF here is any bytes). */
    static void sendDocument(KafkaProbe kafka, UUID customer, UUID invoice, String kind, String number) {
        kafka.send(Topics.INVOICE_DOCUMENTS, customer.toString(), UUID.randomUUID().toString(),
                EventCatalog.INVOICE_DOCUMENT_RENDERED.type(), EventJson.write(new dev.billing.events.invoice.InvoiceDocumentRendered(
                        invoice, customer, kind, number, number + ".pdf", PDF, Instant.now())));
    }

    /** The attachment of the mail: its file name and bytes. */
    static java.util.Map.Entry<String, byte[]> attachment(MimeMessage mail) throws Exception {
        for (jakarta.mail.Part part : MailText.parts(mail)) {
            if (jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return java.util.Map.entry(part.getFileName(), part.getInputStream().readAllBytes());
            }
        }
        throw new AssertionError("no attachment in " + mail.getSubject());
    }

    private List<MimeMessage> mailTo(String address, int atLeast) throws Exception {
        return Eventually.await(() -> EmbeddedInfrastructure.mail().received().stream()
                .filter(m -> recipient(m).equals(address)).toList(), found -> found.size() >= atLeast, Duration.ofSeconds(15));
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOpenedCollectionTaskIsToldToTheTeamOnTheStaffPanelOnceAndNotToTheCustomer() {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Ada Ajans", customer + "@example.com", null, "tr", "Europe/Istanbul", 10,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        Eventually.await(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id").param("id", customer)
                .query(Long.class).single(), n -> n == 1, Duration.ofSeconds(15));
        String eventId = UUID.randomUUID().toString();
        String opened = EventJson.write(new dev.billing.events.reminder.CollectionTaskOpened(UUID.randomUUID(), customer, UUID.randomUUID(),
                "Payment deadline passed 14 days ago, 2 reminders unanswered. Call the customer.", Instant.parse("2027-03-29T09:00:00Z")));
        kafka.send(Topics.REMINDER, customer.toString(), eventId, EventCatalog.COLLECTION_TASK_OPENED.type(), opened);
        kafka.send(Topics.REMINDER, customer.toString(), eventId, EventCatalog.COLLECTION_TASK_OPENED.type(), opened);

        java.util.function.Predicate<JsonNode> aboutCustomer = m -> m.get("customerId").asString().equals(customer.toString());
        JsonNode message = Eventually.await(() -> api.get("/api/notifications/staff?limit=200").json(),
                panel -> panel.valueStream().anyMatch(aboutCustomer), Duration.ofSeconds(15))
                .valueStream().filter(aboutCustomer).findFirst().orElseThrow();
        // in the staff language (en by default), not the customer's
        assertThat(message.get("subject").asString()).isEqualTo("Collection task opened: Ada Ajans");
        assertThat(message.get("body").asString()).isEqualTo("Payment deadline passed 14 days ago, 2 reminders unanswered. Call the customer.\n"
                + "Tasks: http://localhost:8080/tasks");
        assertThat(message.get("recipient").asString()).isEqualTo("team");
        assertThat(kafka.await(KafkaProbe.ofType(EventCatalog.NOTIFICATION_SENT.type()).and(r -> r.key().equals(customer.toString())
                && r.value().contains("\"channel\":\"STAFF\"")), 1, Duration.ofSeconds(10))).hasSize(1);
        JsonNode history = api.get("/api/notifications?customerId=" + customer).json();
        assertThat(history.size()).as("once, though the event came twice; and no email or panel message to the customer").isEqualTo(1);
        assertThat(history.get(0).get("channel").asString()).isEqualTo("STAFF");
        assertThat(api.get("/api/notifications/staff?limit=0").json().get("field").asString()).isEqualTo("limit");
    }

    @Test
    void aStaffNoteJoinsTheCustomersHistoryAndIsAnnouncedWithItsAuthor() {
        UUID customer = UUID.randomUUID();
        ApiClient collector = api.as(dev.billing.events.access.Role.COLLECTOR);

        ApiClient.Response written = collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(),
                "type", "NOTE", "text", "Called on Monday:\npromised to pay by Friday <b>really</b>")));

        assertThat(written.status()).as(written.body()).isEqualTo(201);
        JsonNode notes = api.get("/api/notifications?customerId=" + customer + "&channel=NOTE").json();
        assertThat(notes.size()).isEqualTo(1);
        assertThat(notes.get(0).get("body").asString()).isEqualTo("Called on Monday:\npromised to pay by Friday <b>really</b>");
        assertThat(notes.get(0).get("recipient").asString()).as("the author").isEqualTo("test-[COLLECTOR]");
        org.apache.kafka.clients.consumer.ConsumerRecord<String, String> added = kafka.await(KafkaProbe.ofType(EventCatalog.NOTE_ADDED.type())
                .and(r -> r.key().equals(customer.toString())), 1, Duration.ofSeconds(10)).get(0);
        assertThat(KafkaProbe.header(added, dev.billing.events.CloudEventHeaders.ACTOR)).isEqualTo("test-[COLLECTOR]");
        assertThat(added.value()).contains("promised to pay by Friday");

        assertThat(collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(),
                "type", "EMAIL", "text", "x"))).json().get("field").asString()).isEqualTo("type");
        assertThat(collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(),
                "type", "NOTE", "text", "  "))).json().get("field").asString()).isEqualTo("text");
        assertThat(collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(),
                "type", "NOTE", "text", "bell \u0007"))).json().get("field").asString()).isEqualTo("text");
        assertThat(collector.post("/api/notifications/history", ApiClient.json(Map.of("type", "NOTE", "text", "no customer")))
                .json().get("field").asString()).isEqualTo("customerId");
        assertThat(api.get("/api/notifications?customerId=" + customer + "&channel=NOTE").json().size()).as("nothing half-written").isEqualTo(1);
    }

    @Test
    void aReminderOnAChannelTheCustomerOptedOutOfIsSkippedWithTheReason() {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Opt Out Ltd.", customer + "@example.com", null, "en", "UTC", 14,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        Eventually.await(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id").param("id", customer)
                .query(Long.class).single(), count -> count == 1, Duration.ofSeconds(15));
        ApiClient.Response optOut = api.as(dev.billing.events.access.Role.COLLECTOR).put("/api/notifications/preferences/" + customer,
                "{\"optOut\":[\"email\"]}");
        assertThat(optOut.json().get("optOut").toString()).isEqualTo("[\"EMAIL\"]");
        assertThat(api.put("/api/notifications/preferences/" + customer, "{\"optOut\":[\"FAX\"]}").json().get("field").asString())
                .isEqualTo("optOut");

        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                EventJson.write(new ReminderDue(UUID.randomUUID(), customer, UUID.randomUUID(), "INV-2027-000043", 1, "EMAIL",
                        "reminder-friendly", LocalDate.of(2027, 3, 15), "EUR", new BigDecimal("10.00"))));

        JsonNode skipped = Eventually.await(() -> api.get("/api/notifications?customerId=" + customer).json(), found -> found.size() == 1,
                Duration.ofSeconds(15)).get(0);
        assertThat(skipped.get("status").asString()).isEqualTo("SKIPPED");
        assertThat(skipped.get("lastError").asString()).isEqualTo("the customer opted out of EMAIL reminders");
        assertThat(EmbeddedInfrastructure.mail().received().stream().filter(m -> recipient(m).equals(customer + "@example.com"))).isEmpty();
    }

    @Test
    void anEditedTemplateIsANewVersionThatTheNextMessageUsesAndRecords() throws Exception {
        String code = "reminder-test-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/notifications/templates/" + code + "/en/EMAIL";
        assertThat(api.put(path, ApiClient.json(Map.of("subject", "First {number}", "body", "Dear {name}"))).json().get("version").asInt())
                .isEqualTo(1);
        ApiClient.Response second = api.put(path, ApiClient.json(Map.of("subject", "Still open: {number}",
                "body", "Dear {name}, {openAmount} {currency} is open since {dueDate}.")));
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get(path + "?version=1").json().get("subject").asString()).isEqualTo("First {number}");
        ApiClient.Response unknown = api.put(path, ApiClient.json(Map.of("subject", "x", "body", "Pay {total} now")));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("field").asString()).isEqualTo("body");
        assertThat(unknown.json().get("detail").asString()).contains("unknown placeholder {total}");
        assertThat(api.as(dev.billing.events.access.Role.COLLECTOR).put(path, ApiClient.json(Map.of("subject", "x", "body", "y"))).status())
                .as("templates are settings").isEqualTo(403);
        JsonNode preview = api.as(dev.billing.events.access.Role.COLLECTOR).post(path + "/preview",
                ApiClient.json(Map.of("subject", "Open: {number}", "body", "{openAmount} {currency}"))).json();
        assertThat(preview.get("subject").asString()).isEqualTo("Open: INV-2027-000042");

        UUID customer = UUID.randomUUID();
        String address = customer + "@example.com";
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Template Ltd.", address, null, "en", "UTC", 14,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        Eventually.await(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id").param("id", customer)
                .query(Long.class).single(), count -> count == 1, Duration.ofSeconds(15));
        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                EventJson.write(new ReminderDue(UUID.randomUUID(), customer, UUID.randomUUID(), "INV-2027-000099", 1, "EMAIL", code,
                        LocalDate.of(2027, 3, 15), "EUR", new BigDecimal("10.00"))));

        assertThat(mailTo(address, 1).get(0).getSubject()).isEqualTo("Still open: INV-2027-000099");
        assertThat(api.get("/api/notifications?customerId=" + customer).json().get(0).get("templateVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aLoggedCallJoinsTheWholeHistoryWhichIsPagedNewestFirst() {
        UUID customer = UUID.randomUUID();
        ApiClient collector = api.as(dev.billing.events.access.Role.COLLECTOR);
        assertThat(collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(), "type", "NOTE",
                "text", "Sent the statement by post"))).status()).isEqualTo(201);
        ApiClient.Response call = collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(),
                "type", "CALL", "outcome", "PROMISED_TO_PAY", "text", "Will pay on Friday")));
        assertThat(call.status()).as(call.body()).isEqualTo(201);

        ApiClient.Response page = api.get("/api/notifications/history?customerId=" + customer + "&size=1");

        assertThat(page.header("X-Total-Count")).isEqualTo("2");
        assertThat(page.json().get(0).get("channel").asString()).isEqualTo("CALL");
        assertThat(page.json().get(0).get("subject").asString()).isEqualTo("PROMISED_TO_PAY");
        assertThat(api.get("/api/notifications/history?customerId=" + customer + "&size=1&page=1").json().get(0).get("channel").asString())
                .isEqualTo("NOTE");
        assertThat(kafka.await(KafkaProbe.ofType(EventCatalog.NOTE_ADDED.type()).and(r -> r.key().equals(customer.toString())), 2,
                Duration.ofSeconds(10))).anySatisfy(r -> assertThat(r.value()).contains("Call (PROMISED_TO_PAY): Will pay on Friday"));
        ApiClient.Response noOutcome = collector.post("/api/notifications/history", ApiClient.json(Map.of("customerId", customer.toString(),
                "type", "CALL", "text", "x")));
        assertThat(noOutcome.status()).isEqualTo(400);
        assertThat(noOutcome.json().get("field").asString()).isEqualTo("outcome");
        assertThat(api.get("/api/notifications/history?customerId=" + customer + "&size=0").json().get("field").asString()).isEqualTo("size");
    }

    @Test
    void issuedInvoiceIsEmailedOnceInTheCustomersLanguageAndShownOnThePanel() throws Exception {
        UUID customer = UUID.randomUUID();
        String address = customer + "@example.com.tr";
        String eventId = UUID.randomUUID().toString();
        InvoiceIssued issued = invoice(customer, address, "tr");
        String json = EventJson.write(issued);
        kafka.send(Topics.INVOICE, customer.toString(), eventId, EventCatalog.INVOICE_ISSUED.type(), json);
        kafka.send(Topics.INVOICE, customer.toString(), eventId, EventCatalog.INVOICE_ISSUED.type(), json);
        sendDocument(kafka, customer, issued.invoiceId(), "INVOICE", issued.number());

        List<MimeMessage> mails = mailTo(address, 1);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("Faturanız INV-2027-000042 düzenlendi");
        String body = MailText.plain(mail);
        assertThat(body).contains("Sayın Şükrü Öztürk").contains("18.360,14 TRY").contains("15.03.2027");
        // the link is a signed document link that opens this invoice (the gateway checks it), not an /api/** path
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://localhost:8080/d/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        // multipart: the same text as HTML for mail clients, from the agency whose name, contact and logo the settings give
        assertThat(body).contains("--\nYıldız Dijital Ajans\nBüyükdere Cad. 1, İstanbul\n+90 212 555 01 01");
        String html = MailText.html(mail);
        assertThat(html).contains("<img src=\"cid:agency-logo\" alt=\"Yıldız Dijital Ajans\"").contains("Sayın Şükrü Öztürk")
                .contains("<a href=\"" + link.group(0) + "\"").contains("muhasebe@yildiz.example");
        jakarta.mail.Part logo = MailText.parts(mail).stream().filter(p -> {
            try {
                return p.isMimeType("image/png");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertThat(((jakarta.mail.internet.MimeBodyPart) logo).getContentID()).isEqualTo("<agency-logo>");
        assertThat(logo.getInputStream().readAllBytes()).isEqualTo(getClass().getResourceAsStream("/agency-logo.png").readAllBytes());
        assertThat(DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY).open(link.group(1), java.time.Instant.now()))
                .hasValueSatisfying(document -> assertThat(document.id()).isEqualTo(issued.invoiceId()));
        // the page where it is paid by card
        java.util.regex.Matcher pay = java.util.regex.Pattern.compile("Online ödeme: http://localhost:8080/p/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)")
                .matcher(body);
        assertThat(pay.find()).as(body).isTrue();
        assertThat(DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY).open(pay.group(1), Instant.now())).hasValueSatisfying(payment -> {
            assertThat(payment.kind()).isEqualTo(DocumentLinks.Kind.INVOICE_PAYMENT);
            assertThat(payment.id()).isEqualTo(issued.invoiceId());
        });
        // and the PDF it announces attached, as invoice-service rendered it
        assertThat(attachment(mail).getKey()).isEqualTo("INV-2027-000042.pdf");
        assertThat(attachment(mail).getValue()).isEqualTo(PDF);

        // a second invoice of the same customer (same key, so consumed after the duplicate): once its mail is there,
        // the duplicate was consumed too
        String markerAddress = "marker-" + address;
        InvoiceIssued marker = invoice(customer, markerAddress, "tr");
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                EventJson.write(marker));
        sendDocument(kafka, customer, marker.invoiceId(), "INVOICE", marker.number());
        assertThat(mailTo(markerAddress, 1)).hasSize(1);
        assertThat(mailTo(address, 1)).hasSize(1);
        JsonNode history = api.get("/api/notifications?customerId=" + customer).json();
        assertThat(history.size()).isEqualTo(4);
        JsonNode panel = api.get("/api/notifications?customerId=" + customer + "&channel=PANEL").json();
        assertThat(panel.get(0).get("subject").asString()).isEqualTo("Yeni fatura INV-2027-000042");
        assertThat(kafka.await(KafkaProbe.ofType(EventCatalog.NOTIFICATION_SENT.type())
                .and(r -> r.key().equals(customer.toString())), 4, Duration.ofSeconds(10))).hasSize(4);
    }

    @Test
    void aDueReminderIsEmailedOnceInTheCustomersLanguageAndOneThatCannotGoOutIsRecordedWithTheReason() throws Exception {
        UUID customer = UUID.randomUUID();
        String address = customer + "@example.com.tr";
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Yıldız Ajans", address, null, "tr", "Europe/Istanbul", 14,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        Eventually.await(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id").param("id", customer)
                .query(Long.class).single(), count -> count == 1, Duration.ofSeconds(15));
        UUID invoice = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String reminder = EventJson.write(new ReminderDue(UUID.randomUUID(), customer, invoice, "INV-2027-000042", 2, "EMAIL",
                "reminder-firm", LocalDate.of(2027, 3, 15), "TRY", new BigDecimal("1200.50")));
        kafka.send(Topics.REMINDER, customer.toString(), eventId, EventCatalog.REMINDER_DUE.type(), reminder);
        kafka.send(Topics.REMINDER, customer.toString(), eventId, EventCatalog.REMINDER_DUE.type(), reminder);

        MimeMessage mail = mailTo(address, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Vadesi geçmiş fatura: INV-2027-000042");
        assertThat(MailText.plain(mail)).contains("Sayın Yıldız Ajans").contains("15.03.2027").contains("1.200,50 TRY")
                .contains("http://localhost:8080/d/");

        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                EventJson.write(new ReminderDue(UUID.randomUUID(), customer, invoice, "INV-2027-000042", 2, "SMS",
                        "reminder-firm", LocalDate.of(2027, 3, 15), "TRY", new BigDecimal("1200.50"))));
        JsonNode sms = Eventually.await(() -> api.get("/api/notifications?customerId=" + customer + "&channel=SMS").json(),
                found -> found.size() == 1, Duration.ofSeconds(15)).get(0);
        assertThat(sms.get("status").asString()).isEqualTo("FAILED");
        assertThat(sms.get("lastError").asString()).isEqualTo("the customer has no phone number");
        assertThat(kafka.await(KafkaProbe.ofType(EventCatalog.NOTIFICATION_FAILED.type()).and(r -> r.key().equals(customer.toString())),
                1, Duration.ofSeconds(10)).get(0).value()).contains("no phone number");
        assertThat(api.get("/api/notifications?customerId=" + customer + "&channel=EMAIL").json().size())
                .as("the repeated event wrote no second email").isEqualTo(1);

        UUID withPhone = UUID.randomUUID();
        kafka.send(Topics.BILLING, withPhone.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(withPhone, "Ada Kft.", "ada@example.hu", "+3612345678", "hu", "Europe/Budapest", 8,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        Eventually.await(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id").param("id", withPhone)
                .query(Long.class).single(), count -> count == 1, Duration.ofSeconds(15));
        for (String[] reminderOf : new String[][] {{"SMS", "no-such-template"}, {"EMAIL", "no-such-template"}}) {
            kafka.send(Topics.REMINDER, withPhone.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                    EventJson.write(new ReminderDue(UUID.randomUUID(), withPhone, invoice, "INV-2027-000042", 2, reminderOf[0],
                            reminderOf[1], LocalDate.of(2027, 3, 15), "HUF", new BigDecimal("1200"))));
        }
        JsonNode failed = Eventually.await(() -> api.get("/api/notifications?customerId=" + withPhone).json(),
                found -> found.size() == 2, Duration.ofSeconds(15));
        assertThat(failed).extracting(n -> n.get("channel").asString() + " " + n.get("status").asString() + " " + n.get("lastError").asString())
                .containsExactlyInAnyOrder("SMS FAILED there is no SMS template no-such-template",
                        "EMAIL FAILED there is no EMAIL template no-such-template");
        String unwritten = api.get("/api/notifications?customerId=" + withPhone + "&channel=EMAIL").json().get(0).get("id").asString();
        assertThat(api.post("/api/notifications/" + unwritten + "/retry", "").status()).as("a message never written is not sent again")
                .isEqualTo(409);
    }

    @Test
    void aPaidCancelledOrCreditedInvoiceIsToldToTheCustomerOnceInTheirLanguageWithTheDocumentItConcerns() throws Exception {
        UUID customer = UUID.randomUUID();
        String address = customer + "@example.hu";
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Ada Kft.", address, null, "hu", "Europe/Budapest", 8,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        UUID paidInvoice = UUID.randomUUID();
        String paidEventId = UUID.randomUUID().toString();
        // paid at 23:30 UTC: already the next day in Budapest
        String paid = EventJson.write(new dev.billing.events.invoice.InvoicePaid(paidInvoice, "INV-2027-000050", customer, UUID.randomUUID(),
                "PAYMENT", "HUF", new BigDecimal("120000"), BigDecimal.ZERO, Instant.parse("2027-03-11T23:30:00Z")));
        kafka.send(Topics.INVOICE, customer.toString(), paidEventId, EventCatalog.INVOICE_PAID.type(), paid);
        kafka.send(Topics.INVOICE, customer.toString(), paidEventId, EventCatalog.INVOICE_PAID.type(), paid);
        UUID cancelledInvoice = UUID.randomUUID();
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_CANCELLED.type(),
                EventJson.write(new dev.billing.events.invoice.InvoiceCancelled(cancelledInvoice, "INV-2027-000051", customer,
                        "STO-2027-000004", "HUF", new BigDecimal("5000"), "Kétszer számlázva.", Instant.parse("2027-03-12T08:00:00Z"),
                        null, null, null)));
        sendDocument(kafka, customer, cancelledInvoice, "STORNO", "STO-2027-000004");
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CREDIT_NOTE_ISSUED.type(),
                EventJson.write(new dev.billing.events.invoice.CreditNoteIssued(UUID.randomUUID(), "CRN-2027-000009", paidInvoice,
                        "INV-2027-000050", customer, LocalDate.of(2027, 3, 13), "HUF", new BigDecimal("20000"), new BigDecimal("0"),
                        null, null)));

        List<MimeMessage> mails = mailTo(address, 3);
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder("Befizetés megérkezett: INV-2027-000050",
                "Számla sztornózva: INV-2027-000051", "Jóváírás CRN-2027-000009: INV-2027-000050");
        String receipt = bodyWithSubject(mails, "Befizetés megérkezett: INV-2027-000050");
        assertThat(receipt).contains("Tisztelt Ada Kft.").contains("2027.03.12.").contains(MessageText.amount(new BigDecimal("120000"), "hu") + " HUF");
        assertThat(linkIn(receipt)).hasValueSatisfying(d -> {
            assertThat(d.kind()).isEqualTo(DocumentLinks.Kind.INVOICE_PDF);
            assertThat(d.id()).isEqualTo(paidInvoice);
        });
        String storno = bodyWithSubject(mails, "Számla sztornózva: INV-2027-000051");
        assertThat(storno).contains("STO-2027-000004").contains("Kétszer számlázva.");
        assertThat(linkIn(storno)).as("the storno document, not the invoice").hasValueSatisfying(d -> {
            assertThat(d.kind()).isEqualTo(DocumentLinks.Kind.STORNO_PDF);
            assertThat(d.id()).isEqualTo(cancelledInvoice);
        });
        MimeMessage stornoMail = mails.stream().filter(m -> subjectOf(m).equals("Számla sztornózva: INV-2027-000051")).findFirst().orElseThrow();
        assertThat(attachment(stornoMail).getKey()).isEqualTo("STO-2027-000004.pdf");
        assertThat(bodyWithSubject(mails, "Jóváírás CRN-2027-000009: INV-2027-000050")).contains(MessageText.amount(new BigDecimal("20000"), "hu") + " HUF");
        JsonNode panel = api.get("/api/notifications?customerId=" + customer + "&channel=PANEL").json();
        assertThat(panel).extracting(n -> n.get("template").asString())
                .containsExactlyInAnyOrder("invoice-paid", "invoice-cancelled", "credit-note-issued");
        assertThat(api.get("/api/notifications?customerId=" + customer + "&channel=EMAIL").json().size()).as("the repeated event wrote no second receipt")
                .isEqualTo(3);
    }

    private static String subjectOf(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bodyWithSubject(List<MimeMessage> mails, String subject) throws Exception {
        for (MimeMessage mail : mails) {
            if (subject.equals(mail.getSubject())) {
                return MailText.plain(mail);
            }
        }
        throw new AssertionError("no mail with the subject " + subject);
    }

    private static java.util.Optional<DocumentLinks.Document> linkIn(String body) {
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/d/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        return DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY).open(link.group(1), Instant.now());
    }

    @Test
    void aReminderAboutSeveralInvoicesIsOneMessageListingEachWithItsLink() throws Exception {
        UUID customer = UUID.randomUUID();
        String address = customer + "@example.com";
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Several Ltd.", address, null, "en", "UTC", 14,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                EventJson.write(new ReminderDue(UUID.randomUUID(), customer, first, "INV-2027-000061", 0, "EMAIL", "reminder-friendly",
                        LocalDate.of(2027, 3, 15), "EUR", new BigDecimal("100.00"), List.of(new ReminderDue.DueInvoice(second,
                        "INV-2027-000062", LocalDate.of(2027, 3, 15), "EUR", new BigDecimal("2500.50"))))));

        MimeMessage mail = mailTo(address, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Reminder: 2 invoices");
        String body = MailText.plain(mail);
        assertThat(body).contains("Dear Several Ltd.,").contains("a reminder about these 2 invoices:")
                .contains("INV-2027-000061: 100.00 EUR, due 15 Mar 2027 – http://localhost:8080/d/")
                .contains("INV-2027-000062: 2,500.50 EUR, due 15 Mar 2027 – http://localhost:8080/d/");
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("/d/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)").matcher(body);
        List<UUID> linked = new java.util.ArrayList<>();
        while (links.find()) {
            linked.add(DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY).open(links.group(1), Instant.now()).orElseThrow().id());
        }
        assertThat(linked).containsExactly(first, second);
        // and one page that pays them all
        java.util.regex.Matcher pay = java.util.regex.Pattern.compile("Pay them all online: http://localhost:8080/p/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)")
                .matcher(body);
        assertThat(pay.find()).as(body).isTrue();
        assertThat(DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY).open(pay.group(1), Instant.now())).hasValueSatisfying(link -> {
            assertThat(link.kind()).isEqualTo(DocumentLinks.Kind.ACCOUNT_PAYMENT);
            assertThat(link.id()).isEqualTo(customer);
        });
        assertThat(api.get("/api/notifications?customerId=" + customer + "&channel=EMAIL").json().get(0).get("template").asString())
                .isEqualTo("reminder-several");
    }

    @Test
    void hungarianCustomerGetsHungarianMail() throws Exception {
        UUID customer = UUID.randomUUID();
        String address = customer + "@example.hu";
        InvoiceIssued issued = invoice(customer, address, "hu");
        // the document may come before the event the email announces (another topic): it waits for its email
        sendDocument(kafka, customer, issued.invoiceId(), "INVOICE", issued.number());
        Eventually.await(() -> jdbc.sql("select count(*) from invoice_document where invoice_id = :id").param("id", issued.invoiceId())
                .query(Long.class).single(), n -> n == 1, Duration.ofSeconds(15));
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                EventJson.write(issued));
        List<MimeMessage> mails = mailTo(address, 1);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Számla kiállítva: INV-2027-000042");
        assertThat(MailText.plain(mails.get(0))).contains("Tisztelt Şükrü Öztürk!").contains("2027.03.15.");
        assertThat(attachment(mails.get(0)).getValue()).isEqualTo(PDF);
    }

    @Test
    void contactDataIsKeptFromBillingEvents() {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Ada Kft.", "ada@example.hu", "+3612345678", "hu",
                        "Europe/Budapest", 8, Instant.parse("2027-01-01T00:00:00Z"), null)));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long count = 0;
        while (count == 0 && System.nanoTime() < deadline) {
            count = jdbc.sql("select count(*) from customer_contact where customer_id = :id and email = 'ada@example.hu'")
                    .param("id", customer).query(Long.class).single();
        }
        assertThat(count).isEqualTo(1);
    }

    @Test
    void badQueryIsAProblemNamingTheField() {
        ApiClient.Response response = api.get("/api/notifications?customerId=not-a-uuid");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asString()).isEqualTo("customerId");
        assertThat(api.get("/api/notifications?customerId=" + UUID.randomUUID() + "&channel=FAX").json().get("field").asString())
                .isEqualTo("channel");
    }
}
