package dev.billing.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.billing.notification.ProviderStandIns.providers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.reminder.ReminderDue;
import dev.billing.notification.template.MessageText;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.time.PlatformClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** SMS through Twilio's API and WhatsApp through the Cloud API (WireMock answering as they do), their signed delivery reports, refusals and outages. */
@IntegrationTest
class PhoneDeliveryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformClock clock;
    @Autowired
    MeterRegistry meters;
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

    @Test
    void anSmsReminderIsPostedToTwilioAsItsApiAsksAndItsSignedDeliveryReportIsRecorded() throws Exception {
        String phone = phoneNumber("+90532");
        UUID customer = registered("Deniz Ajans", phone, "tr");
        remind(customer, "SMS", "reminder-firm");

        LoggedRequest request = await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequestsTo(phone), found -> found.size() == 1).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (ProviderStandIns.TWILIO_ACCOUNT_SID + ":" + ProviderStandIns.TWILIO_AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        Map<String, String> form = form(request.getBodyAsString());
        assertThat(form).containsEntry("To", phone).containsEntry("From", ProviderStandIns.TWILIO_FROM)
                .containsEntry("StatusCallback", ProviderStandIns.PUBLIC_BASE_URL + "/webhooks/sms/twilio");
        assertThat(form.get("Body")).startsWith("Sayın Deniz Ajans, INV-2027-000042 numaralı faturanızın vadesi (15.03.2027) geçti.")
                .contains("1.200,50 TRY").contains("Lütfen ödeyiniz: " + ProviderStandIns.PUBLIC_BASE_URL + "/p/");
        JsonNode sms = await().atMost(Duration.ofSeconds(20)).until(() -> messages(customer, "SMS"), found -> found.size() == 1
                && found.get(0).get("status").asString().equals("SENT")).get(0);
        assertThat(sms.get("provider").asString()).isEqualTo("twilio");
        assertThat(sms.get("deliveryStatus").asString()).isEqualTo("SENT");
        assertThat(sms.get("templateVersion").asInt()).as("the seeded text, then its payment link (V14)").isEqualTo(2);
        String sid = jdbc.sql("select provider_message_id from notification where id = :id").param("id", UUID.fromString(sms.get("id").asString()))
                .query(String.class).single();
        assertThat(sid).matches("SM[0-9a-f]{32}");

        Map<String, String> delivered = Map.of("MessageSid", sid, "SmsSid", sid, "MessageStatus", "delivered", "AccountSid",
                ProviderStandIns.TWILIO_ACCOUNT_SID, "To", phone, "From", ProviderStandIns.TWILIO_FROM, "ApiVersion", "2010-04-01");
        double refusedBefore = refused("twilio");
        assertThat(twilioCallback(delivered, "forged" + twilioSignature(delivered)).statusCode()).isEqualTo(403);
        assertThat(twilioCallback(delivered, null).statusCode()).isEqualTo(403);
        Map<String, String> tampered = new TreeMap<>(delivered);
        tampered.put("MessageStatus", "failed");
        assertThat(twilioCallback(tampered, twilioSignature(delivered)).statusCode()).as("signed for other fields").isEqualTo(403);
        assertThat(refused("twilio") - refusedBefore).isEqualTo(3);
        assertThat(messages(customer, "SMS").get(0).get("deliveryStatus").asString()).isEqualTo("SENT");

        assertThat(twilioCallback(delivered, twilioSignature(delivered)).statusCode()).isEqualTo(204);
        assertThat(twilioCallback(delivered, twilioSignature(delivered)).statusCode()).as("Twilio repeats callbacks").isEqualTo(204);
        JsonNode reported = messages(customer, "SMS").get(0);
        assertThat(reported.get("deliveryStatus").asString()).isEqualTo("DELIVERED");
        assertThat(reported.get("deliveredAt").isNull()).isFalse();
        assertThat(twilioRequestsTo(phone)).as("sent once").hasSize(1);
        assertThat(kafka.await(KafkaProbe.ofType(EventCatalog.NOTIFICATION_SENT.type()).and(r -> r.key().equals(customer.toString())),
                1, Duration.ofSeconds(10)).get(0).value()).contains("\"channel\":\"SMS\"");
    }

    @Test
    void aWhatsAppReminderIsTheApprovedTemplateWithOneParameterPerLineAndItsStatusesKeepTheFurthest() throws Exception {
        String phone = phoneNumber("+3630");
        UUID customer = registered("Ada Kft.", phone, "hu");
        remind(customer, "WHATSAPP", "reminder-friendly");

        LoggedRequest request = await().atMost(Duration.ofSeconds(20)).until(() -> providers().findAll(
                postRequestedFor(urlEqualTo(ProviderStandIns.WHATSAPP_MESSAGES)).withRequestBody(containing(phone.substring(1)))),
                found -> found.size() == 1).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + ProviderStandIns.WHATSAPP_TOKEN);
        JsonNode sent = EventJson.mapper().readTree(request.getBodyAsString());
        assertThat(sent.get("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(sent.get("to").asString()).isEqualTo(phone.substring(1));
        assertThat(sent.get("type").asString()).isEqualTo("template");
        assertThat(sent.at("/template/name").asString()).isEqualTo("payment_reminder_friendly");
        assertThat(sent.at("/template/language/code").asString()).isEqualTo("hu");
        assertThat(sent.at("/template/components/0/type").asString()).isEqualTo("body");
        assertThat(sent.at("/template/components/0/parameters").valueStream().map(p -> p.get("text").asString()).toList())
                .containsExactly("Ada Kft.", "INV-2027-000042", "2027.03.15.",
                        MessageText.amount(new BigDecimal("1200.50"), "hu") + " TRY", sent.at("/template/components/0/parameters/4/text").asString());
        assertThat(sent.at("/template/components/0/parameters/4/text").asString()).startsWith(ProviderStandIns.PUBLIC_BASE_URL + "/d/");

        JsonNode message = await().atMost(Duration.ofSeconds(20)).until(() -> messages(customer, "WHATSAPP"), found -> found.size() == 1
                && found.get(0).get("status").asString().equals("SENT")).get(0);
        String wamid = jdbc.sql("select provider_message_id from notification where id = :id")
                .param("id", UUID.fromString(message.get("id").asString())).query(String.class).single();
        assertThat(wamid).startsWith("wamid.");

        double refusedBefore = refused("whatsapp");
        String read = statusNotification(wamid, "read", phone);
        assertThat(whatsAppWebhook(read, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(403);
        assertThat(whatsAppWebhook(read, null).statusCode()).isEqualTo(403);
        assertThat(refused("whatsapp") - refusedBefore).isEqualTo(2);
        assertThat(messages(customer, "WHATSAPP").get(0).get("deliveryStatus").asString()).isEqualTo("SENT");

        assertThat(whatsAppWebhook(read, whatsAppSignature(read)).statusCode()).isEqualTo(200);
        String delivered = statusNotification(wamid, "delivered", phone);
        assertThat(whatsAppWebhook(delivered, whatsAppSignature(delivered)).statusCode()).as("arrives after read").isEqualTo(200);
        assertThat(messages(customer, "WHATSAPP").get(0).get("deliveryStatus").asString()).isEqualTo("READ");
        String unknown = statusNotification("wamid.not-ours", "delivered", phone);
        assertThat(whatsAppWebhook(unknown, whatsAppSignature(unknown)).statusCode()).as("not retried by WhatsApp").isEqualTo(200);
        assertThat(whatsAppWebhook("{not json", whatsAppSignature("{not json")).statusCode()).isEqualTo(400);
    }

    @Test
    void whatsAppsSubscriptionCheckGetsTheChallengeBackOnlyWithTheVerifyToken() throws Exception {
        HttpResponse<String> verified = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + ProviderStandIns.WHATSAPP_VERIFY_TOKEN))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).isEqualTo("1158201444");
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("1158201444");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/sms/netgsm"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no such provider").isEqualTo(404);
    }

    @Test
    void aDeliveryReportThatComesBeforeTheHandOffIsRecordedIsKeptAndApplied() throws Exception {
        String phone = phoneNumber("+4479");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        StubMapping fixedSid = providers().stubFor(post(urlEqualTo(ProviderStandIns.TWILIO_MESSAGES)).atPriority(1)
                .withFormParam("To", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}")));
        try {
            Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid",
                    ProviderStandIns.TWILIO_ACCOUNT_SID, "To", phone);
            assertThat(twilioCallback(delivered, twilioSignature(delivered)).statusCode()).isEqualTo(204);
            UUID customer = registered("Early Report Ltd.", phone, "en");
            remind(customer, "SMS", "reminder-friendly");
            JsonNode sms = await().atMost(Duration.ofSeconds(20)).until(() -> messages(customer, "SMS"), found -> found.size() == 1
                    && found.get(0).get("status").asString().equals("SENT")).get(0);
            assertThat(sms.get("deliveryStatus").asString()).isEqualTo("DELIVERED");
            assertThat(jdbc.sql("select count(*) from early_delivery_report where provider_message_id = :sid").param("sid", sid)
                    .query(Long.class).single()).as("applied, not kept").isZero();
        } finally {
            providers().removeStub(fixedSid);
        }
    }

    @Test
    void aSpacedNumberGoesToTwilioInInternationalFormAndANationalOneIsNotSentWithTheReason() {
        UUID spaced = registered("Spaced Ltd.", "+90 (532) 111-22-33", "en");
        remind(spaced, "SMS", "reminder-friendly");
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequestsTo("+905321112233"), found -> found.size() == 1);
        UUID national = registered("National Ltd.", "0532 111 22 34", "en");
        remind(national, "SMS", "reminder-friendly");
        JsonNode failed = await().atMost(Duration.ofSeconds(20)).until(() -> messages(national, "SMS"), found -> found.size() == 1).get(0);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("lastError").asString()).contains("not in international format");
        assertThat(twilioRequestsTo("05321112234")).isEmpty();
    }

    @Test
    void aNumberTheProviderRefusesFailsAtOnceWithTheProvidersReasonAndIsNotHeldAgainstIt() {
        String phone = phoneNumber("+1555");
        StubMapping invalid = providers().stubFor(post(urlEqualTo(ProviderStandIns.TWILIO_MESSAGES)).atPriority(1)
                .withFormParam("To", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"code": 21211, "message": "The 'To' number %s is not a valid phone number.",
                         "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""".formatted(phone))));
        try {
            UUID customer = registered("Invalid Number Inc.", phone, "en");
            remind(customer, "SMS", "reminder-friendly");
            JsonNode failed = await().atMost(Duration.ofSeconds(20)).until(() -> messages(customer, "SMS"), found -> found.size() == 1
                    && found.get(0).get("status").asString().equals("FAILED")).get(0);
            assertThat(failed.get("attempts").asInt()).as("not tried again").isEqualTo(1);
            assertThat(failed.get("lastError").asString()).startsWith("twilio refused the message: twilio answered 400").contains("21211");
            assertThat(kafka.await(KafkaProbe.ofType(EventCatalog.NOTIFICATION_FAILED.type()).and(r -> r.key().equals(customer.toString())),
                    1, Duration.ofSeconds(10)).get(0).value()).contains("21211");
            assertThat(breakerIs("twilio", "closed")).isTrue();
        } finally {
            providers().removeStub(invalid);
        }
    }

    @Test
    void anSmsProviderOutageOfTenMinutesLosesNothingAndSendsNothingTwice() {
        String prefix = phoneNumber("+3670").substring(0, 9);
        StubMapping outage = providers().stubFor(post(urlEqualTo(ProviderStandIns.TWILIO_MESSAGES)).atPriority(1)
                .withFormParam("To", matching("\\" + prefix + ".*"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody("""
                        {"code": 20503, "message": "Service Unavailable", "more_info": "https://www.twilio.com/docs/errors/20503", "status": 503}""")));
        List<String> phones = java.util.stream.IntStream.range(0, 8).mapToObj(i -> prefix + String.format("%04d", i)).toList();
        try {
            queueSms(phones);
            await().atMost(Duration.ofSeconds(30)).until(() -> breakerIs("twilio", "open") && count(prefix, "SENDING") == 0);
            int attemptsWhenOpened = attempts(prefix);
            for (int minute = 0; minute < 10; minute++) {
                int before = attempts(prefix);
                moveClock(Duration.ofSeconds(61));
                // the trial's claim first, then its outcome: read the other way round, a claim between the two reads passes
                await().atMost(Duration.ofSeconds(30)).until(() -> (attempts(prefix) > before || due(prefix) == 0) && count(prefix, "SENDING") == 0);
            }
            assertThat(attempts(prefix) - attemptsWhenOpened).as("only the breaker's trial calls, at most one a minute").isBetween(1, 10);
            assertThat(statuses(prefix)).containsOnlyKeys("PENDING");
        } finally {
            providers().removeStub(outage);
        }

        moveClock(Duration.ofMinutes(31)); // past the longest back-off and the breaker's wait
        await().atMost(Duration.ofSeconds(30)).until(() -> count(prefix, "SENT") == phones.size());
        Map<String, Long> takenPerPhone = providers().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(ProviderStandIns.TWILIO_MESSAGES) && e.getResponse().getStatus() == 201)
                .map(ServeEvent::getRequest).map(r -> form(r.getBodyAsString()).get("To")).filter(to -> to.startsWith(prefix))
                .collect(Collectors.groupingBy(to -> to, Collectors.counting()));
        assertThat(takenPerPhone).hasSize(phones.size()).allSatisfy((to, times) -> assertThat(times).isEqualTo(1));
        assertThat(breakerIs("twilio", "closed")).isTrue();
    }

    private UUID registered(String name, String phone, String language) {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, name, customer + "@example.com", phone, language, "Europe/Istanbul", 14,
                        Instant.parse("2027-01-01T00:00:00Z"), null)));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("select count(*) from customer_contact where customer_id = :id")
                .param("id", customer).query(Long.class).single() == 1);
        return customer;
    }

    private void remind(UUID customer, String channel, String template) {
        kafka.send(Topics.REMINDER, customer.toString(), UUID.randomUUID().toString(), EventCatalog.REMINDER_DUE.type(),
                EventJson.write(new ReminderDue(UUID.randomUUID(), customer, UUID.randomUUID(), "INV-2027-000042", 2, channel, template,
                        LocalDate.of(2027, 3, 15), "TRY", new BigDecimal("1200.50"))));
    }

    private JsonNode messages(UUID customer, String channel) {
        return api.get("/api/notifications?customerId=" + customer + "&channel=" + channel).json();
    }

    private static String phoneNumber(String prefix) {
        return prefix + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    private static List<LoggedRequest> twilioRequestsTo(String phone) {
        return providers().findAll(postRequestedFor(urlEqualTo(ProviderStandIns.TWILIO_MESSAGES))
                .withRequestBody(containing("To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8))));
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair -> pair.length < 2 ? "" : URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    /** As Twilio signs: Base64(HMAC-SHA1(auth token, URL + each field's name and value, sorted by name)). */
    private static String twilioSignature(Map<String, String> fields) throws Exception {
        StringBuilder data = new StringBuilder(ProviderStandIns.PUBLIC_BASE_URL + "/webhooks/sms/twilio");
        new TreeMap<>(fields).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(ProviderStandIns.TWILIO_AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> twilioCallback(Map<String, String> fields, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/sms/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"))));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String statusNotification(String wamid, String status, String phone) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                 "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                 "statuses":[{"id":"%s","status":"%s","timestamp":"1750263773","recipient_id":"%s"}]},"field":"messages"}]}]}"""
                .formatted(ProviderStandIns.WHATSAPP_PHONE_NUMBER_ID, wamid, status, phone.substring(1));
    }

    /** As Meta signs: sha256= hex(HMAC-SHA256(app secret, raw body)). */
    private static String whatsAppSignature(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ProviderStandIns.WHATSAPP_APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> whatsAppWebhook(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double refused(String provider) {
        Counter counter = meters.find("notifications.webhooks.refused").tags("provider", provider).counter();
        return counter == null ? 0 : counter.count();
    }

    private boolean breakerIs(String name, String state) {
        Gauge gauge = meters.find("resilience4j.circuitbreaker.state").tags("name", name, "state", state).gauge();
        return gauge != null && gauge.value() == 1;
    }

    private void queueSms(List<String> phones) {
        for (String phone : phones) {
            jdbc.sql("""
                            insert into notification (id, customer_id, channel, template, recipient, subject, body, cause_event_id,
                                status, attempts, created_at, next_attempt_at)
                            values (gen_random_uuid(), gen_random_uuid(), 'SMS', 'reminder-friendly', :phone, 'Reminder', 'Please pay',
                                gen_random_uuid()::text, 'PENDING', 0, :now, :now)""")
                    .param("phone", phone).param("now", Timestamp.from(clock.instant())).update();
        }
    }

    private void moveClock(Duration by) {
        assertThat(api.put("/api/test-clock", ApiClient.json(Map.of("now", clock.instant().plus(by).toString()))).status()).isEqualTo(200);
    }

    private Map<String, Long> statuses(String prefix) {
        return jdbc.sql("select status, count(*) from notification where channel = 'SMS' and recipient like :prefix || '%' group by status")
                .param("prefix", prefix).query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private long count(String prefix, String status) {
        return statuses(prefix).getOrDefault(status, 0L);
    }

    private int attempts(String prefix) {
        return jdbc.sql("select coalesce(sum(attempts), 0) from notification where channel = 'SMS' and recipient like :prefix || '%'")
                .param("prefix", prefix).query(Integer.class).single();
    }

    private long due(String prefix) {
        return jdbc.sql("""
                        select count(*) from notification where channel = 'SMS' and recipient like :prefix || '%'
                        and status = 'PENDING' and next_attempt_at <= :now""")
                .param("prefix", prefix).param("now", Timestamp.from(clock.instant())).query(Long.class).single();
    }
}
