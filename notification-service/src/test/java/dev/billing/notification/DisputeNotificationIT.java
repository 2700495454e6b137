package dev.billing.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.dispute.DisputeMessagePosted;
import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.notification.template.Placeholders;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Disputes on real Kafka, PostgreSQL and SMTP (GreenMail): the customer hears of the opening, staff replies and the
 * outcome in their language, gets the invoice's PDF when asking for a copy; staff hear of the customer's messages and
 * a withdrawal on their panel; every message is about the invoice and stands in the customer's history.
 */
@IntegrationTest
class DisputeNotificationIT {
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

    private UUID customer(String name, String language, String zone) {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, name, address(customer), null, language, zone, 14,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        Eventually.await(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id").param("id", customer)
                .query(Long.class).single(), n -> n == 1, Duration.ofSeconds(15));
        return customer;
    }

    private static String address(UUID customer) {
        return customer + "@example.com";
    }

    /** Issues an invoice to the customer (its email goes out too) and sends its PDF; answers it. */
    private InvoiceIssued issued(UUID customer, String language) {
        InvoiceIssued invoice = NotificationIT.invoice(customer, address(customer), language);
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(), EventJson.write(invoice));
        NotificationIT.sendDocument(kafka, customer, invoice.invoiceId(), "INVOICE", invoice.number());
        return invoice;
    }

    private void opened(UUID customer, UUID invoice, UUID dispute, BigDecimal amount) {
        publish(customer, EventCatalog.DISPUTE_OPENED.type(), new DisputeOpened(dispute, customer, invoice, "PRICE",
                "The price is not what we agreed", "TRY", amount, Instant.parse("2027-03-05T09:00:00Z"), null, "CUSTOMER",
                Instant.parse("2027-03-11T20:59:59Z"), false, Instant.parse("2027-03-09T09:00:00Z")));
    }

    private void publish(UUID customer, String type, Record payload) {
        kafka.send(Topics.DISPUTE, customer.toString(), UUID.randomUUID().toString(), type, EventJson.write(payload));
    }

    private MimeMessage mailWithSubject(UUID customer, String subject) {
        return Eventually.await(() -> EmbeddedInfrastructure.mail().received().stream()
                        .filter(m -> recipient(m).equals(address(customer)) && subject.equals(subject(m))).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(15)).get(0);
    }

    private long mailsWithSubject(UUID customer, String subject) {
        return EmbeddedInfrastructure.mail().received().stream()
                .filter(m -> recipient(m).equals(address(customer)) && subject.equals(subject(m))).count();
    }

    private JsonNode history(UUID customer, Predicate<JsonNode> settled) {
        return Eventually.await(() -> api.get("/api/notifications?customerId=" + customer).json(), settled, Duration.ofSeconds(15));
    }

    private static Predicate<JsonNode> has(String channel, String template) {
        return h -> h.valueStream().anyMatch(n -> n.get("channel").asString().equals(channel) && n.get("template").asString().equals(template));
    }

    private static JsonNode entry(JsonNode history, String channel, String template) {
        return history.valueStream().filter(n -> n.get("channel").asString().equals(channel) && n.get("template").asString().equals(template))
                .findFirst().orElseThrow();
    }

    private JsonNode staffMessage(UUID customer, String template) {
        Predicate<JsonNode> wanted = m -> m.get("customerId").asString().equals(customer.toString()) && m.get("template").asString().equals(template);
        return Eventually.await(() -> api.get("/api/notifications/staff?limit=200").json(), panel -> panel.valueStream().anyMatch(wanted),
                Duration.ofSeconds(15)).valueStream().filter(wanted).findFirst().orElseThrow();
    }

    private List<ConsumerRecord<String, String>> sent(UUID customer, String channel, String template, int count) {
        return kafka.await(KafkaProbe.ofType(EventCatalog.NOTIFICATION_SENT.type()).and(r -> r.key().equals(customer.toString())
                && r.value().contains("\"channel\":\"" + channel + "\"") && r.value().contains("\"template\":\"" + template + "\"")),
                count, Duration.ofSeconds(15));
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
    void theInvoiceEmailsNotificationSentNamesTheInvoiceAndSoDoReminders() {
        UUID customer = customer("Teslim Ltd.", "en", "UTC");
        InvoiceIssued invoice = issued(customer, "en");

        ConsumerRecord<String, String> delivered = sent(customer, "EMAIL", "invoice-issued", 1).get(0);
        assertThat(delivered.value()).contains("\"invoiceId\":\"" + invoice.invoiceId() + "\"");
        assertThat(sent(customer, "PANEL", "invoice-issued", 1).get(0).value()).contains("\"invoiceId\":\"" + invoice.invoiceId() + "\"");
        assertThat(entry(history(customer, has("EMAIL", "invoice-issued")), "EMAIL", "invoice-issued").get("invoiceId").asString())
                .isEqualTo(invoice.invoiceId().toString());

        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                EventJson.write(new ReminderDue(UUID.randomUUID(), customer, invoice.invoiceId(), invoice.number(), 1, "EMAIL",
                        "reminder-friendly", LocalDate.of(2027, 3, 15), "TRY", new BigDecimal("10.00"))));
        assertThat(sent(customer, "EMAIL", "reminder-friendly", 1).get(0).value()).contains("\"invoiceId\":\"" + invoice.invoiceId() + "\"");
    }

    @Test
    void anOpenedDisputeIsAcknowledgedInTheCustomersLanguageWithWhatIsDisputedAndThatTheRemindersArePaused() throws Exception {
        UUID customer = customer("Yıldız Ajans", "tr", "Europe/Istanbul");
        InvoiceIssued invoice = issued(customer, "tr");
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice.invoiceId(), dispute, new BigDecimal("240.50"));

        MimeMessage mail = mailWithSubject(customer, "İtirazınız alındı: INV-2027-000042");
        assertThat(MailText.plain(mail)).contains("Sayın Yıldız Ajans")
                .contains("neden: fiyat; itiraz edilen: 240,50 TRY")
                .contains("en geç 09.03.2027 tarihine kadar")
                .contains("bu fatura için ödeme hatırlatması göndermiyoruz")
                .contains("http://localhost:8080/d/");
        // the dispute's page in the portal, opened by the invoice's signed portal link
        java.util.regex.Matcher page = java.util.regex.Pattern.compile("bize yazabilirsiniz: http://localhost:8080/p/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)/disputes/"
                + dispute).matcher(MailText.plain(mail));
        assertThat(page.find()).as(MailText.plain(mail)).isTrue();
        assertThat(dev.billing.events.access.DocumentLinks.withKeys(dev.billing.events.access.DocumentLinks.LOCAL_ONLY_KEY).open(page.group(1),
                Instant.now())).hasValueSatisfying(link -> {
            assertThat(link.kind()).isEqualTo(dev.billing.events.access.DocumentLinks.Kind.INVOICE_PAYMENT);
            assertThat(link.id()).isEqualTo(invoice.invoiceId());
        });
        JsonNode history = history(customer, has("EMAIL", "dispute-opened").and(has("PANEL", "dispute-opened")));
        assertThat(entry(history, "PANEL", "dispute-opened").get("subject").asString()).isEqualTo("İtiraz alındı: INV-2027-000042");
        assertThat(entry(history, "EMAIL", "dispute-opened").get("invoiceId").asString()).isEqualTo(invoice.invoiceId().toString());
        assertThat(sent(customer, "EMAIL", "dispute-opened", 1).get(0).value()).contains("\"invoiceId\":\"" + invoice.invoiceId() + "\"");
    }

    @Test
    void anOpenedDisputeWithoutRespondByIsAcknowledgedWithoutADateRatherThanAGuessedOne() throws Exception {
        UUID customer = customer("No Date Ltd.", "en", "UTC");
        InvoiceIssued invoice = issued(customer, "en");
        UUID dispute = UUID.randomUUID();
        publish(customer, EventCatalog.DISPUTE_OPENED.type(), new DisputeOpened(dispute, customer, invoice.invoiceId(), "PRICE",
                "The price is not what we agreed", "TRY", null, Instant.parse("2027-03-05T09:00:00Z"), null, "CUSTOMER", null, null, null));

        String text = MailText.plain(mailWithSubject(customer, "We received your objection: invoice INV-2027-000042"));
        assertThat(text).contains("we received your objection to invoice INV-2027-000042").contains("answer you by")
                .doesNotContain("{respondBy}").doesNotContain("Mar 2027").doesNotContain("2027-03");
    }

    @Test
    void aStaffReplyIsEmailedInTheCustomersLanguageWithItsTextEscapedInTheHtmlAndItsAttachmentsNamed() throws Exception {
        UUID customer = customer("Ada Kft.", "hu", "Europe/Budapest");
        InvoiceIssued invoice = issued(customer, "hu");
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice.invoiceId(), dispute, null);
        String text = "Megnéztük a kampányjelentést. <script>alert('x')</script> & a második hét lefutott.";
        publish(customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), new DisputeMessagePosted(dispute, customer, UUID.randomUUID(),
                "Kovács Éva", text, Instant.parse("2027-03-06T10:00:00Z"), invoice.invoiceId(), "STAFF", "eva", List.of("jelentes.pdf"), false));

        MimeMessage mail = mailWithSubject(customer, "Válasz kifogására: INV-2027-000042");
        assertThat(MailText.plain(mail)).contains("Tisztelt Ada Kft.!").contains("Kovács Éva írt").contains(text)
                .contains("Mellékletek: jelentes.pdf").containsPattern("Válaszát itt írhatja meg: http://localhost:8080/p/\\S+/disputes/" + dispute);
        String html = MailText.html(mail);
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; a második hét");
        JsonNode history = history(customer, has("PANEL", "dispute-message"));
        assertThat(entry(history, "PANEL", "dispute-message").get("body").asString()).isEqualTo("Kovács Éva: " + text + "\nMellékletek: jelentes.pdf");
        assertThat(mailWithSubject(customer, "Kifogását megkaptuk: INV-2027-000042")).as("the acknowledgement, opened without an amount")
                .satisfies(m -> assertThat(MailText.plain(m)).contains("kifogásolt: a teljes számla"));
    }

    @Test
    void aCustomersMessageGoesToTheStaffPanelAndTheCopyOfTheInvoiceItAsksForIsEmailedWithThePdfAttached() throws Exception {
        UUID customer = customer("Copy Ltd.", "en", "UTC");
        InvoiceIssued invoice = issued(customer, "en");
        // the PDF is here when the copy is asked for (it came when the invoice was issued)
        Eventually.await(() -> jdbc.sql("select count(*) from invoice_document where invoice_id = :id").param("id", invoice.invoiceId())
                .query(Long.class).single(), n -> n == 1, Duration.ofSeconds(15));
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice.invoiceId(), dispute, new BigDecimal("100"));
        try (KafkaProbe deadLetters = KafkaProbe.onEmbeddedBroker(Topics.deadLetter(Topics.DISPUTE))) {
            // dispute-service always names the invoice: a message without it is invalid, parked, and tells nobody
            publish(customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), new DisputeMessagePosted(dispute, customer, UUID.randomUUID(),
                    "Copy Ltd.", "No invoice named", Instant.parse("2027-03-06T09:00:00Z"), null, "CUSTOMER", null, List.of(), true));
            List<ConsumerRecord<String, String>> parked = deadLetters.await(r -> r.key().equals(customer.toString())
                    && "notification-service".equals(KafkaProbe.header(r, "x-dlq-group")), 1, Duration.ofSeconds(20));
            assertThat(parked).hasSize(1);
            assertThat(KafkaProbe.header(parked.get(0), "x-exception-message")).contains("names no invoiceId");
        }
        String eventId = UUID.randomUUID().toString();
        String posted = EventJson.write(new DisputeMessagePosted(dispute, customer, UUID.randomUUID(), "Copy Ltd.",
                "The second week never ran. <b>See the photo</b>; and please send me the invoice again.", Instant.parse("2027-03-06T10:00:00Z"),
                invoice.invoiceId(), "CUSTOMER", null, List.of("photo.jpg"), true));
        kafka.send(Topics.DISPUTE, customer.toString(), eventId, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), posted);
        kafka.send(Topics.DISPUTE, customer.toString(), eventId, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), posted);

        JsonNode panel = staffMessage(customer, "dispute-customer-message");
        assertThat(panel.get("subject").asString()).isEqualTo("Customer wrote in a dispute: Copy Ltd., INV-2027-000042");
        assertThat(panel.get("body").asString()).isEqualTo("Copy Ltd.: The second week never ran. <b>See the photo</b>; and please send me the invoice again.\n"
                + "Attachments: photo.jpg\nDispute: http://localhost:8080/disputes/" + dispute);
        assertThat(panel.get("recipient").asString()).isEqualTo("team");
        assertThat(panel.get("invoiceId").asString()).isEqualTo(invoice.invoiceId().toString());

        MimeMessage copy = mailWithSubject(customer, "Copy of invoice INV-2027-000042");
        assertThat(MailText.plain(copy)).contains("Dear Copy Ltd.,").contains("attached is the copy of invoice INV-2027-000042")
                .contains("Pay online: http://localhost:8080/p/");
        assertThat(NotificationIT.attachment(copy).getKey()).isEqualTo("INV-2027-000042.pdf");
        assertThat(NotificationIT.attachment(copy).getValue()).isEqualTo(NotificationIT.PDF);

        // what follows on the same key comes after the repeat: once it is told, the repeat was consumed
        publish(customer, EventCatalog.DISPUTE_WITHDRAWN.type(), new DisputeWithdrawn(dispute, customer, invoice.invoiceId(),
                "We found the report; the invoice is right.", Instant.parse("2027-03-07T10:00:00Z")));
        JsonNode withdrawn = staffMessage(customer, "dispute-withdrawn");
        assertThat(withdrawn.get("subject").asString()).isEqualTo("Customer withdrew a dispute: Copy Ltd., INV-2027-000042");
        assertThat(withdrawn.get("body").asString()).isEqualTo("We found the report; the invoice is right.\nDispute: http://localhost:8080/disputes/" + dispute);
        assertThat(mailsWithSubject(customer, "Copy of invoice INV-2027-000042")).as("one copy, though the event came twice").isEqualTo(1);
        JsonNode history = history(customer, has("STAFF", "dispute-withdrawn"));
        assertThat(history.valueStream().filter(n -> n.get("template").asString().equals("dispute-customer-message")).count()).isEqualTo(1);
        assertThat(entry(history, "EMAIL", "invoice-copy").get("invoiceId").asString()).isEqualTo(invoice.invoiceId().toString());
        assertThat(history.valueStream().filter(n -> n.get("template").asString().equals("invoice-copy")).map(n -> n.get("channel").asString()))
                .as("the copy is an email only").containsExactly("EMAIL");
    }

    @Test
    void aCopyOfAnInvoiceWhosePdfIsNotHereGoesAtOnceWithTheLinkOnly() throws Exception {
        UUID customer = customer("No Pdf Ltd.", "en", "UTC");
        InvoiceIssued invoice = NotificationIT.invoice(customer, address(customer), "en");
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(), EventJson.write(invoice));
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice.invoiceId(), dispute, new BigDecimal("100"));
        publish(customer, EventCatalog.DISPUTE_MESSAGE_POSTED.type(), new DisputeMessagePosted(dispute, customer, UUID.randomUUID(), "No Pdf Ltd.",
                "Please send the invoice again.", Instant.parse("2027-03-06T10:00:00Z"), invoice.invoiceId(), "CUSTOMER", null, List.of(), true));

        MimeMessage copy = mailWithSubject(customer, "Copy of invoice INV-2027-000042");
        assertThat(MailText.plain(copy)).contains("Invoice: http://localhost:8080/d/");
        assertThat(MailText.parts(copy)).noneMatch(part -> {
            try {
                return jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(staffMessage(customer, "dispute-customer-message").get("body").asString())
                .as("no attachments: no line naming them").startsWith("No Pdf Ltd.: Please send the invoice again.\nDispute: ");
    }

    @Test
    void theOutcomeIsToldToTheCustomerInWordsWithTheResolutionAsWritten() throws Exception {
        UUID customer = customer("Outcome Ltd.", "en", "UTC");
        InvoiceIssued invoice = issued(customer, "en");
        UUID dispute = UUID.randomUUID();
        opened(customer, invoice.invoiceId(), dispute, new BigDecimal("100"));
        publish(customer, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(dispute, customer, invoice.invoiceId(), "REJECTED", null, null,
                "The campaign report shows both weeks ran at the agreed price.", Instant.parse("2027-03-08T10:00:00Z"), null, null, "ayse", null));

        MimeMessage mail = mailWithSubject(customer, "Your objection was decided: invoice INV-2027-000042");
        assertThat(MailText.plain(mail)).contains("Dear Outcome Ltd.,")
                .contains("was decided: we could not accept your objection; the invoice stands as issued and the payment reminders resume.")
                .contains("The campaign report shows both weeks ran at the agreed price.");
        JsonNode history = history(customer, has("PANEL", "dispute-resolved"));
        assertThat(entry(history, "PANEL", "dispute-resolved").get("subject").asString()).isEqualTo("Objection decided: INV-2027-000042");

        UUID turkish = customer("Kredi Ajans", "tr", "Europe/Istanbul");
        InvoiceIssued credited = issued(turkish, "tr");
        UUID second = UUID.randomUUID();
        opened(turkish, credited.invoiceId(), second, new BigDecimal("100"));
        publish(turkish, EventCatalog.DISPUTE_RESOLVED.type(), new DisputeResolved(second, turkish, credited.invoiceId(), "CREDIT_NOTE", "TRY",
                new BigDecimal("100"), "İkinci hafta yayınlanmadı; alacak dekontu düzenliyoruz.", Instant.parse("2027-03-08T10:00:00Z"), null, null,
                "ayse", "mehmet"));
        assertThat(MailText.plain(mailWithSubject(turkish, "İtirazınız sonuçlandı: INV-2027-000042")))
                .contains("itirazınızı kabul ediyor ve alacak dekontu düzenliyoruz").contains("İkinci hafta yayınlanmadı");
    }

    @Test
    void theDisputeTemplatesAreSeededInEveryLanguageWithOnlyTheirKnownPlaceholdersAndEditsAreCheckedAlike() {
        List<Map<String, Object>> seeded = jdbc.sql("""
                        select code, language, channel, subject, body from message_template
                        where code in ('dispute-opened', 'dispute-message', 'dispute-customer-message', 'invoice-copy', 'dispute-resolved', 'dispute-withdrawn')""")
                .query().listOfRows();
        assertThat(seeded).hasSize(27);
        for (String[] kind : new String[][] {{"dispute-opened", "EMAIL"}, {"dispute-opened", "PANEL"}, {"dispute-message", "EMAIL"},
                {"dispute-message", "PANEL"}, {"dispute-customer-message", "STAFF"}, {"invoice-copy", "EMAIL"}, {"dispute-resolved", "EMAIL"},
                {"dispute-resolved", "PANEL"}, {"dispute-withdrawn", "STAFF"}}) {
            assertThat(seeded).filteredOn(t -> t.get("code").equals(kind[0]) && t.get("channel").equals(kind[1]))
                    .extracting(t -> t.get("language")).as(kind[0] + "/" + kind[1]).containsExactlyInAnyOrder("tr", "en", "hu");
        }
        for (Map<String, Object> template : seeded) {
            var known = Placeholders.of((String) template.get("code")).keySet();
            assertThat(Placeholders.unknown((String) template.get("subject"), known)).as(template.toString()).isEmpty();
            assertThat(Placeholders.unknown((String) template.get("body"), known)).as(template.toString()).isEmpty();
        }
        assertThat(jdbc.sql("select count(*) from message_template_version where code like 'dispute-%' or code = 'invoice-copy'")
                .query(Long.class).single()).as("each with its first version").isGreaterThanOrEqualTo(27);

        ApiClient.Response unknown = api.post("/api/notifications/templates/dispute-message/en/EMAIL/preview",
                ApiClient.json(Map.of("subject", "Reply: {number}", "body", "{message} {total}")));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("detail").asString()).contains("unknown placeholder {total}");
        JsonNode preview = api.post("/api/notifications/templates/dispute-opened/en/EMAIL/preview",
                ApiClient.json(Map.of("subject", "Objection to {number}", "body", "{disputed} by {respondBy}"))).json();
        assertThat(preview.get("subject").asString()).isEqualTo("Objection to INV-2027-000042");
    }
}
