package dev.billing.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.SignedJWT;
import dev.billing.events.access.DocumentLinks;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal's pages and the staff UI's dispute pages, over HTTP as a browser uses them, with WireMock standing in for
 * payment-, invoice- and dispute-service: the card on file the portal names, what each dispute page sends to
 * dispute-service (multipart with the files, a portal token for the link's customer alone), what a foreign link cannot
 * do, the service's refusals shown on the page, and the internal notes marked on the staff page only.
 */
@ContextConfiguration(initializers = GatewayDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PLATFORM_CLIENT_ID=scripts", "PLATFORM_CLIENT_SECRET=scripts-secret", "LINK_SIGNING_KEYS=" + PortalPagesIT.KEY})
class PortalPagesIT {
    static final String KEY = "dispute-pages-it-key-0123456789abcdefghij";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WireMockServer PAYMENT = new WireMockServer(options().dynamicPort());
    private static final WireMockServer INVOICE = new WireMockServer(options().dynamicPort());
    private static final WireMockServer DISPUTE = new WireMockServer(options().dynamicPort());
    private static final WireMockServer BILLING = new WireMockServer(options().dynamicPort());
    /** The first bytes of a PNG, as the service checks them. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    static {
        PAYMENT.start();
        INVOICE.start();
        DISPUTE.start();
        BILLING.start();
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("PAYMENT_SERVICE_URL", PAYMENT::baseUrl);
        registry.add("INVOICE_SERVICE_URL", INVOICE::baseUrl);
        registry.add("DISPUTE_SERVICE_URL", DISPUTE::baseUrl);
        registry.add("BILLING_SERVICE_URL", BILLING::baseUrl);
    }

    @AfterAll
    static void stop() {
        PAYMENT.stop();
        INVOICE.stop();
        DISPUTE.stop();
        BILLING.stop();
    }

    @Value("${local.server.port}")
    int port;
    private final UUID customer = UUID.randomUUID();
    private final UUID invoice = UUID.randomUUID();

    @BeforeEach
    void reset() {
        PAYMENT.resetAll();
        INVOICE.resetAll();
        DISPUTE.resetAll();
        BILLING.resetAll();
        PAYMENT.stubFor(get(urlEqualTo("/api/payments/invoices/" + invoice)).willReturn(json(200,
                "{\"invoiceId\":\"" + invoice + "\",\"customerId\":\"" + customer + "\"}")));
        PAYMENT.stubFor(get(urlEqualTo("/api/portal/invoices")).willReturn(json(200, "[{\"invoiceId\":\"" + invoice
                + "\",\"number\":\"INV-2027-000007\",\"currency\":\"EUR\",\"openAmount\":\"600.00\",\"dueDate\":\"2027-03-15\"}]")));
        PAYMENT.stubFor(get(urlEqualTo("/api/portal/saved-cards")).willReturn(json(200, "{\"savingOffered\":false,\"cards\":[]}")));
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/invoices/" + invoice)).willReturn(json(200, window(true, "[]"))));
        DISPUTE.stubFor(get(urlPathEqualTo("/api/portal/disputes")).willReturn(json(200, "{\"items\":[]}")));
        INVOICE.stubFor(get(urlEqualTo("/api/invoices/" + invoice)).willReturn(json(200, "{\"id\":\"" + invoice + "\",\"number\":\"INV-2027-000007\","
                + "\"status\":\"ISSUED\",\"customerId\":\"" + customer + "\",\"customerName\":\"Acme\",\"currency\":\"EUR\",\"total\":\"600.00\","
                + "\"openAmount\":\"600.00\",\"lines\":[{\"description\":\"Hosting\",\"quantity\":\"1\",\"unitPrice\":\"300.00\","
                + "\"discountPercent\":\"0\",\"taxRate\":\"20\",\"netAmount\":\"300.00\",\"taxAmount\":\"60.00\",\"grossAmount\":\"360.00\"},"
                + "{\"description\":\"Support\",\"quantity\":\"2\",\"unitPrice\":\"100.00\",\"discountPercent\":\"0\",\"taxRate\":\"20\","
                + "\"netAmount\":\"200.00\",\"taxAmount\":\"40.00\",\"grossAmount\":\"240.00\"}],\"taxSummary\":[]}")));
    }

    private String window(boolean within, String disputes) {
        return "{\"invoiceId\":\"" + invoice + "\",\"invoiceNumber\":\"INV-2027-000007\",\"status\":\"OPEN\",\"currency\":\"EUR\","
                + "\"openAmount\":\"600.00\",\"issueDate\":\"2027-03-01\",\"deliveredAt\":null,\"objectionDeadline\":\"2027-03-09T20:59:59Z\","
                + "\"withinObjectionWindow\":" + within + ",\"disputes\":" + disputes + "}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", status < 300 ? "application/json" : "application/problem+json").withBody(body);
    }

    private String link(UUID invoiceId) {
        return DocumentLinks.withKeys(KEY).token(DocumentLinks.Kind.INVOICE_PAYMENT, invoiceId, Instant.now().plus(Duration.ofDays(1)));
    }

    private String dispute(UUID id, String status, String messages) {
        return "{\"id\":\"" + id + "\",\"number\":\"DSP-000042\",\"customerId\":\"" + customer + "\",\"customerName\":\"Acme <b>Ltd</b>\","
                + "\"invoiceId\":\"" + invoice + "\",\"invoiceNumber\":\"INV-2027-000007\",\"currency\":\"EUR\",\"invoiceTotal\":\"600.00\","
                + "\"invoiceOpenAmount\":\"600.00\",\"reason\":\"AMOUNT\",\"disputedAmount\":\"100.00\",\"lines\":null,\"status\":\"" + status + "\","
                + "\"openedBy\":\"CUSTOMER\",\"openedAt\":\"" + Instant.now().minus(Duration.ofHours(30)) + "\",\"assignee\":null,"
                + "\"respondBy\":\"" + Instant.now().minus(Duration.ofHours(1)) + "\",\"firstResponseAt\":null,\"responseOverdue\":true,"
                + "\"deliveredAt\":null,\"objectionDeadline\":\"2027-03-09T20:59:59Z\",\"lateObjection\":true,\"proposal\":null,\"outcome\":null,"
                + "\"resolution\":null,\"resolvedAt\":null,\"approvedBy\":null,\"messages\":" + messages + "}";
    }

    // ---- HTTP as a browser

    private static HttpClient browser() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new java.net.CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(HttpClient browser, String path, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A file of a form: its field, name, type and content. */
    record Upload(String field, String name, String type, byte[] content) {
    }

    /** Posts a multipart form as a browser does: the fields in order, then the files. */
    private HttpResponse<String> multipart(HttpClient browser, String path, Map<String, String> fields, List<Upload> files) throws Exception {
        String boundary = "----form" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Upload file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field() + "\"; filename=\"" + file.name()
                    + "\"\r\nContent-Type: " + file.type() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(HttpResponse<String> page) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        return token.group(1);
    }

    private HttpClient signedIn(String role) throws Exception {
        return signedIn(role, role.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private HttpClient signedIn(String role, String username) throws Exception {
        String basic = Base64.getEncoder().encodeToString("scripts:scripts-secret".getBytes(StandardCharsets.UTF_8));
        String admin = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("access_token").asString();
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/staff-users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"displayName\":\"" + role + " Tester\",\"password\":\""
                        + username + "-pw-123\",\"roles\":[\"" + role + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpClient browser = browser();
        String token = csrf(page(browser, "/login"));
        HttpResponse<String> signIn = form(browser, "/login", "username=" + username + "&password=" + username + "-pw-123&_csrf=" + token);
        assertThat(signIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return browser;
    }

    private static JsonNode claims(LoggedRequest request) throws Exception {
        return JSON.readTree(SignedJWT.parse(request.getHeader("Authorization").substring(7)).getJWTClaimsSet().toString());
    }

    // ---- the portal

    private void cardOnFile(String provider, String brand, String last4, String expiresOn) {
        PAYMENT.stubFor(get(urlEqualTo("/api/portal/saved-cards")).willReturn(json(200, "{\"savingOffered\":true,\"cards\":[{\"id\":\""
                + UUID.randomUUID() + "\",\"provider\":\"" + provider + "\",\"brand\":\"" + brand + "\",\"maskedNumber\":\"**** **** **** "
                + last4 + "\",\"expiresOn\":" + (expiresOn == null ? "null" : "\"" + expiresOn + "\"") + ",\"status\":\"ACTIVE\","
                + "\"authorisedAt\":\"2027-02-01T10:00:00Z\"}]}")));
    }

    @Test
    void thePortalNamesTheCardOnFileWithItsExpiryAndACardWithoutOneWithoutAValidUntil() throws Exception {
        cardOnFile("stripe", "VISA", "4242", "2029-08-31");

        assertThat(page(browser(), "/p/" + link(invoice)).body())
                .contains("paid automatically on their due dates with VISA **** **** **** 4242 (valid until 2029-08-31).");

        // iyzico names no expiry of a card it saved
        cardOnFile("iyzico", "MASTER_CARD", "0008", null);

        assertThat(page(browser(), "/p/" + link(invoice)).body())
                .contains("paid automatically on their due dates with MASTER_CARD **** **** **** 0008.").doesNotContain("valid until");
        assertThat(page(browser(), "/p/" + link(invoice) + "?lang=tr").body())
                .contains("MASTER_CARD **** **** **** 0008 ile otomatik ödenir.").doesNotContain("son kullanma");
    }

    @Test
    void aForeignTamperedOrOtherInvoicesLinkPostsNoDisputeAndOpensNoForm() throws Exception {
        UUID other = UUID.randomUUID();
        String link = link(invoice);
        String tampered = link.substring(0, link.length() - 2) + (link.endsWith("AA") ? "BB" : "AA");
        String foreign = DocumentLinks.withKeys("somebody-elses-key-0123456789abcdefghij")
                .token(DocumentLinks.Kind.INVOICE_PAYMENT, invoice, Instant.now().plus(Duration.ofDays(1)));
        String pdfLink = DocumentLinks.withKeys(KEY).token(DocumentLinks.Kind.INVOICE_PDF, invoice, Instant.now().plus(Duration.ofDays(1)));
        Map<String, String> fields = new LinkedHashMap<>(Map.of("invoiceId", invoice.toString(), "reason", "AMOUNT", "message", "Too much"));

        for (String token : List.of(tampered, foreign, pdfLink)) {
            HttpResponse<String> posted = multipart(browser(), "/p/" + token + "/disputes", fields,
                    List.of(new Upload("files", "photo.png", "image/png", PNG)));
            assertThat(posted.statusCode()).as(token).isEqualTo(404);
            assertThat(posted.body()).contains("This link is invalid or has expired");
            assertThat(page(browser(), "/p/" + token + "/invoices/" + invoice + "/dispute").statusCode()).isEqualTo(404);
        }
        // an invoice's link reaches that invoice only, even another invoice of the same customer
        fields.put("invoiceId", other.toString());
        assertThat(multipart(browser(), "/p/" + link + "/disputes", fields, List.of()).statusCode()).isEqualTo(404);
        assertThat(page(browser(), "/p/" + link + "/invoices/" + other + "/dispute").statusCode()).isEqualTo(404);
        assertThat(DISPUTE.findAll(postRequestedFor(anyUrl()))).as("nothing posted to dispute-service").isEmpty();
    }

    @Test
    void thePortalShowsTheObjectionWindowAndPostsTheDisputeAsMultipartWithTheFileForThatCustomerAlone() throws Exception {
        String link = link(invoice);
        HttpResponse<String> portal = page(browser(), "/p/" + link);
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains("Objections within 8 days: by 2027-03-09 20:59 UTC").contains("Dispute this invoice");
        assertThat(portal.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'none'");
        assertThat(portal.body()).doesNotContain("<script");

        HttpResponse<String> formPage = page(browser(), "/p/" + link + "/invoices/" + invoice + "/dispute");
        assertThat(formPage.statusCode()).isEqualTo(200);
        assertThat(formPage.body()).contains("id=\"dispute-form\"").contains("enctype=\"multipart/form-data\"").contains("Hosting")
                .contains("name=\"line.0\"").contains("name=\"line.1\"").doesNotContain("name=\"line.2\"")
                .contains("id=\"scope-lines\"").doesNotContain("<script");
        assertThat(formPage.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'none'");

        UUID created = UUID.randomUUID();
        DISPUTE.stubFor(post(urlEqualTo("/api/portal/disputes")).willReturn(json(201, dispute(created, "OPEN", "[]"))));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("invoiceId", invoice.toString());
        fields.put("reason", "QUANTITY");
        // the lines, the first one (0) without a quantity (dispute-service reads it as the whole line); the amount typed
        // is not the choice
        fields.put("scope", "LINES");
        fields.put("amount", "100.00");
        fields.put("line.0", "true");
        fields.put("quantity.0", "");
        fields.put("line.1", "true");
        fields.put("quantity.1", "1");
        fields.put("message", "Only one hour of support was given: Ağaç <b>");
        HttpResponse<String> posted = multipart(browser(), "/p/" + link + "/disputes", fields,
                List.of(new Upload("files", "damaged.png", "image/png", PNG), new Upload("files", "", "application/octet-stream", new byte[0])));

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/p/" + link + "/disputes/" + created);
        LoggedRequest sent = DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/portal/disputes"))).get(0);
        assertThat(sent.getHeader("Content-Type")).startsWith("multipart/form-data");
        JsonNode opened = JSON.readTree(sent.getPart("dispute").getBody().asString());
        assertThat(opened.get("invoiceId").asString()).isEqualTo(invoice.toString());
        assertThat(opened.get("reason").asString()).isEqualTo("QUANTITY");
        assertThat(opened.has("amount")).as("lines or an amount, never both").isFalse();
        assertThat(opened.get("lines").toString()).isEqualTo("[{\"line\":0},{\"line\":1,\"quantity\":\"1\"}]");
        assertThat(opened.get("message").asString()).isEqualTo("Only one hour of support was given: Ağaç <b>");
        List<com.github.tomakehurst.wiremock.http.Request.Part> files = new ArrayList<>(sent.getParts().stream()
                .filter(p -> p.getName().equals("files")).toList());
        assertThat(files).as("the empty file input is not sent").hasSize(1);
        assertThat(files.get(0).getHeader("Content-Disposition").firstValue()).contains("filename=\"damaged.png\"");
        assertThat(files.get(0).getHeader("Content-Type").firstValue()).isEqualTo("image/png");
        assertThat(files.get(0).getBody().asBytes()).isEqualTo(PNG);
        JsonNode token = claims(sent);
        assertThat(token.get("roles").toString()).isEqualTo("[\"CUSTOMER\"]");
        assertThat(token.get("customer_id").asString()).isEqualTo(customer.toString());

        // lines ticked while a part (the amount) or the whole invoice is chosen: the page runs no script, so the form
        // says to choose "some lines" and sends nothing; untick them, and the part sends only the amount, the whole neither
        fields.put("scope", "PART");
        HttpResponse<String> ambiguous = multipart(browser(), "/p/" + link + "/disputes", fields, List.of());
        assertThat(ambiguous.statusCode()).isEqualTo(200);
        assertThat(ambiguous.body()).contains("Choose &quot;Some lines&quot; to dispute the lines you ticked");
        fields.put("scope", "WHOLE");
        assertThat(multipart(browser(), "/p/" + link + "/disputes", fields, List.of()).statusCode()).isEqualTo(200);
        assertThat(DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/portal/disputes")))).hasSize(1);
        fields.put("line.0", "");
        fields.put("line.1", "");
        fields.put("scope", "PART");
        assertThat(multipart(browser(), "/p/" + link + "/disputes", fields, List.of()).statusCode()).isEqualTo(302);
        fields.put("scope", "WHOLE");
        assertThat(multipart(browser(), "/p/" + link + "/disputes", fields, List.of()).statusCode()).isEqualTo(302);
        List<LoggedRequest> all = DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/portal/disputes")));
        JsonNode part = JSON.readTree(all.get(1).getBodyAsString());
        assertThat(part.get("amount").asString()).isEqualTo("100.00");
        assertThat(part.has("lines")).isFalse();
        JsonNode whole = JSON.readTree(all.get(2).getBodyAsString());
        assertThat(whole.has("amount")).isFalse();
        assertThat(whole.has("lines")).isFalse();

        // the lines chosen and none ticked: the form says so, and nothing is sent
        fields.put("scope", "LINES");
        HttpResponse<String> none = multipart(browser(), "/p/" + link + "/disputes", fields, List.of());
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("Tick the lines you dispute").contains("id=\"scope-lines\" checked");
        assertThat(DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/portal/disputes")))).hasSize(3);
    }

    @Test
    void aRefusalOfTheServiceIsShownOnTheFormWithWhatWasTypedNeverA500() throws Exception {
        String link = link(invoice);
        DISPUTE.stubFor(post(urlEqualTo("/api/portal/disputes")).willReturn(json(422,
                "{\"status\":422,\"title\":\"Unprocessable\",\"detail\":\"the disputed amount 900.00 is more than the open amount 600.00\","
                        + "\"field\":\"amount\"}")));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("invoiceId", invoice.toString());
        fields.put("reason", "AMOUNT");
        fields.put("scope", "PART");
        fields.put("amount", "900.00");
        fields.put("message", "Far too much");

        HttpResponse<String> refused = multipart(browser(), "/p/" + link + "/disputes", fields, List.of());

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("the disputed amount 900.00 is more than the open amount 600.00")
                .contains("value=\"900.00\"").contains("Far too much");
        // the same for a reply on a closed dispute, and a withdrawal
        UUID id = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/" + id)).willReturn(json(200, dispute(id, "UNDER_REVIEW", "[]"))));
        DISPUTE.stubFor(post(urlEqualTo("/api/portal/disputes/" + id + "/messages")).willReturn(json(409,
                "{\"status\":409,\"detail\":\"the dispute is RESOLVED; nothing more can be done on it\",\"field\":\"status\"}")));
        HttpResponse<String> reply = multipart(browser(), "/p/" + link + "/disputes/" + id + "/messages", Map.of("body", "Any news?"),
                List.of(new Upload("files", "receipt.pdf", "application/pdf", "%PDF-1.4 receipt".getBytes(StandardCharsets.UTF_8))));
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("the dispute is RESOLVED; nothing more can be done on it").contains("Any news?");
        // a service that is down is a message too
        DISPUTE.stubFor(post(urlEqualTo("/api/portal/disputes/" + id + "/withdraw")).willReturn(aResponse().withStatus(503)));
        HttpResponse<String> withdrawn = form(browser(), "/p/" + link + "/disputes/" + id + "/withdraw", "reason=Paid+it");
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(withdrawn.body()).contains("id=\"portal-error\"");
    }

    @Test
    void thePortalsDisputePageShowsTheThreadEscapedTheOutcomeAndDownloadsAttachmentsButNotAnotherInvoicesDispute() throws Exception {
        String link = link(invoice);
        UUID id = UUID.randomUUID();
        UUID attachment = UUID.randomUUID();
        String messages = "[{\"id\":\"" + UUID.randomUUID() + "\",\"side\":\"CUSTOMER\",\"author\":\"Acme\",\"body\":\"<script>alert(1)</script>\","
                + "\"internal\":false,\"postedAt\":\"2027-03-02T10:00:00Z\",\"invoiceCopyRequested\":false,\"attachments\":[{\"id\":\"" + attachment
                + "\",\"fileName\":\"damaged.png\",\"contentType\":\"image/png\",\"size\":2048}]},{\"id\":\"" + UUID.randomUUID()
                + "\",\"side\":\"STAFF\",\"author\":\"Cem\",\"body\":\"We credit 100.00 EUR.\",\"internal\":false,\"postedAt\":\"2027-03-03T10:00:00Z\","
                + "\"invoiceCopyRequested\":false,\"attachments\":[]}]";
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/" + id)).willReturn(json(200, dispute(id, "RESOLVED", messages)
                .replace("\"outcome\":null", "\"outcome\":\"CREDIT_NOTE\"").replace("\"resolution\":null", "\"resolution\":\"100.00 EUR credited\""))));
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/" + id + "/attachments/" + attachment)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withHeader("Content-Disposition", "attachment; filename=\"damaged.png\"").withBody(PNG)));

        HttpResponse<String> shown = page(browser(), "/p/" + link + "/disputes/" + id);

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                .contains("We credit 100.00 EUR.").contains("id=\"dispute-outcome\"").contains("Credit note").contains("100.00 EUR credited")
                .as("a resolved dispute takes no reply").doesNotContain("id=\"reply-form\"")
                .contains("/p/" + link + "/disputes/" + id + "/attachments/" + attachment);
        HttpResponse<byte[]> file = browser().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/p/" + link + "/disputes/" + id
                + "/attachments/" + attachment)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(PNG);
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");

        // a dispute of lines names them (never "the whole invoice"); one of an amount the amount
        UUID ofLines = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/" + ofLines)).willReturn(json(200, dispute(ofLines, "OPEN", "[]")
                .replace("\"disputedAmount\":\"100.00\",\"lines\":null", "\"disputedAmount\":null,\"lines\":[{\"line\":0,\"quantity\":\"1\","
                        + "\"description\":\"Hosting\"},{\"line\":1,\"quantity\":\"2\",\"description\":\"Support <b>\"}]"))));
        String linesPage = page(browser(), "/p/" + link + "/disputes/" + ofLines).body();
        assertThat(linesPage).contains("id=\"dispute-lines\"").contains("Hosting × 1").contains("Support &lt;b&gt; × 2")
                .doesNotContain("The whole invoice").doesNotContain("id=\"dispute-amount\"");
        assertThat(shown.body()).contains("id=\"dispute-amount\"").contains("100.00 EUR").doesNotContain("id=\"dispute-lines\"");

        // a dispute of another invoice of the customer is not reached by this invoice's link
        UUID elsewhere = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/" + elsewhere)).willReturn(json(200, dispute(elsewhere, "OPEN", "[]")
                .replace("\"invoiceId\":\"" + invoice + "\"", "\"invoiceId\":\"" + UUID.randomUUID() + "\""))));
        assertThat(page(browser(), "/p/" + link + "/disputes/" + elsewhere).statusCode()).isEqualTo(404);
        assertThat(multipart(browser(), "/p/" + link + "/disputes/" + elsewhere + "/messages", Map.of("body", "hi"), List.of()).statusCode())
                .isEqualTo(404);
        assertThat(DISPUTE.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void anInvoiceWithAnOpenDisputeLinksToItInsteadOfOfferingANewOneAndALateObjectionIsSaid() throws Exception {
        UUID open = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/portal/disputes/invoices/" + invoice)).willReturn(json(200,
                window(false, "[{\"id\":\"" + open + "\",\"number\":\"DSP-000042\",\"status\":\"UNDER_REVIEW\"}]"))));

        String portal = page(browser(), "/p/" + link(invoice)).body();

        assertThat(portal).contains("The 8-day objection period ended on 2027-03-09 20:59 UTC").contains("/disputes/" + open)
                .doesNotContain("class=\"btn btn-sm btn-outline-secondary ms-2 portal-dispute-action\"");
        String formPage = page(browser(), "/p/" + link(invoice) + "/invoices/" + invoice + "/dispute?lang=tr").body();
        assertThat(formPage).contains("itiraz süresi doldu").doesNotContain("id=\"dispute-form\"");
    }

    // ---- the staff UI

    @Test
    void theStaffPageMarksInternalNotesShowsTheInvoiceBesideAndTheInboxTheSlaTimer() throws Exception {
        UUID id = UUID.randomUUID();
        String messages = "[{\"id\":\"" + UUID.randomUUID() + "\",\"side\":\"CUSTOMER\",\"author\":\"Acme\",\"body\":\"Too much\",\"internal\":false,"
                + "\"postedAt\":\"2027-03-02T10:00:00Z\",\"invoiceCopyRequested\":true,\"attachments\":[]},{\"id\":\"" + UUID.randomUUID()
                + "\",\"side\":\"STAFF\",\"author\":\"Cem\",\"body\":\"Check the timesheet <i>first</i>\",\"internal\":true,"
                + "\"postedAt\":\"2027-03-02T11:00:00Z\",\"invoiceCopyRequested\":false,\"attachments\":[]}]";
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/" + id)).willReturn(json(200, dispute(id, "OPEN", messages))));
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/invoices/" + invoice)).willReturn(json(200, window(true, "[]"))));
        DISPUTE.stubFor(get(urlPathEqualTo("/api/disputes")).willReturn(json(200, "{\"items\":[" + dispute(id, "OPEN", "[]") + "],\"total\":1,"
                + "\"page\":0,\"size\":50}")));
        HttpClient collector = signedIn("COLLECTOR");

        String page = page(collector, "/disputes/" + id).body();

        assertThat(page).containsPattern("class=\"card mb-2 dispute-message border-warning internal-note\"[^>]*data-internal=\"true\"")
                .contains("internal note").contains("Check the timesheet &lt;i&gt;first&lt;/i&gt;")
                .contains("a copy of the invoice was asked for").contains("Acme &lt;b&gt;Ltd&lt;/b&gt;")
                .contains("id=\"dispute-invoice-lines\"").contains("Hosting").contains("id=\"objection-deadline\"")
                .contains("late objection").contains("id=\"proposal-form\"").contains("name=\"internal\"").contains("id=\"nav-disputes\"");
        String inbox = page(collector, "/disputes?view=sla-due").body();
        assertThat(inbox).contains("DSP-000042").contains("Acme &lt;b&gt;Ltd&lt;/b&gt;").contains("INV-2027-000007").contains("Wrong amount")
                .contains("sla-overdue").contains("30 h").contains("late objection");
        LoggedRequest listed = DISPUTE.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/api/disputes"))).get(0);
        assertThat(listed.queryParameter("view").firstValue()).isEqualTo("sla-due");
        assertThat(page(collector, "/disputes?view=sla-due&lang=hu").body()).contains("Kifogások").contains("SLA esedékes");
        // the invoice's lines are counted from 0, as invoice- and dispute-service count them; a dispute of lines names them
        assertThat(page).contains("<td>0</td><td>Hosting</td>").contains("<td>1</td><td>Support</td>");
        UUID ofLines = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/" + ofLines)).willReturn(json(200, dispute(ofLines, "OPEN", "[]")
                .replace("\"disputedAmount\":\"100.00\",\"lines\":null", "\"disputedAmount\":null,\"lines\":[{\"line\":0,\"quantity\":\"1\","
                        + "\"description\":\"Hosting\"},{\"line\":1,\"quantity\":\"2\",\"description\":\"Support\"}]"))));
        assertThat(page(collector, "/disputes/" + ofLines).body()).contains("id=\"dispute-lines\"").contains("#0 Hosting × 1")
                .contains("; #1 Support × 2").doesNotContain("The whole invoice");
    }

    @Test
    void aStaffReplyWithAFileAndTheCsrfTokenInTheFormReachesTheServiceAndWithoutTheTokenNothingDoes() throws Exception {
        UUID id = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/" + id)).willReturn(json(200, dispute(id, "OPEN", "[]"))));
        DISPUTE.stubFor(post(urlEqualTo("/api/disputes/" + id + "/messages")).willReturn(json(201, "{}")));
        HttpClient collector = signedIn("COLLECTOR");
        String token = csrf(page(collector, "/disputes/" + id));

        assertThat(multipart(collector, "/disputes/" + id + "/messages", Map.of("body", "hi"), List.of()).statusCode())
                .as("no CSRF token").isEqualTo(403);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", token);
        fields.put("body", "Checked: one hour only. Note for the team.");
        fields.put("internal", "true");
        HttpResponse<String> posted = multipart(collector, "/disputes/" + id + "/messages", fields,
                List.of(new Upload("files", "timesheet.pdf", "application/pdf", "%PDF-1.4 timesheet".getBytes(StandardCharsets.UTF_8))));

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        List<LoggedRequest> sent = DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/disputes/" + id + "/messages")));
        assertThat(sent).hasSize(1);
        JsonNode message = JSON.readTree(sent.get(0).getPart("message").getBody().asString());
        assertThat(message.get("body").asString()).isEqualTo("Checked: one hour only. Note for the team.");
        assertThat(message.get("internal").asBoolean()).isTrue();
        assertThat(sent.get(0).getPart("files").getBody().asString()).isEqualTo("%PDF-1.4 timesheet");
        assertThat(claims(sent.get(0)).get("roles").toString()).isEqualTo("[\"COLLECTOR\"]");
        assertThat(page(collector, "/disputes/" + id).body()).contains("The internal note was added.");
    }

    @Test
    void anAnonymousSessionsStaffUploadIsNotParsed() throws Exception {
        UUID id = UUID.randomUUID();
        DISPUTE.stubFor(post(urlEqualTo("/api/disputes/" + id + "/messages")).willReturn(json(201, "{}")));
        // the sign-in page's CSRF token gives an anonymous client a session, and the token it would put in the form
        HttpClient anonymous = browser();
        String token = csrf(page(anonymous, "/login"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", token);
        fields.put("body", "hi");

        HttpResponse<String> posted = multipart(anonymous, "/disputes/" + id + "/messages", fields,
                List.of(new Upload("files", "big.pdf", "application/pdf", new byte[64 * 1024])));

        // not parsed, the form's CSRF token is not read: refused before anything else (parsed, it was the sign-in page)
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(403);
        assertThat(DISPUTE.findAll(postRequestedFor(anyUrl()))).isEmpty();
        // a url-encoded form with the same token still gets the sign-in page: the session is the anonymous one
        HttpResponse<String> plain = form(anonymous, "/disputes/" + id + "/messages", "_csrf=" + token + "&body=hi");
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(plain.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aFourEyesRefusalIsShownOnThePageTheProposerGetsNoApproveButtonAndAPreviewsRefusalIsShown() throws Exception {
        UUID id = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/" + id)).willReturn(json(200, dispute(id, "UNDER_REVIEW", "[]")
                .replace("\"proposal\":null", "\"proposal\":{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"100.00\",\"lines\":null,\"correctedLines\":null,"
                        + "\"resolution\":\"One hour less\",\"proposedBy\":\"someone\",\"proposedAt\":\"2027-03-03T10:00:00Z\"}"))));
        DISPUTE.stubFor(post(urlEqualTo("/api/disputes/" + id + "/proposal/approve")).willReturn(json(403,
                "{\"status\":403,\"detail\":\"the proposer cannot approve their own proposal (four-eyes)\",\"field\":\"approvedBy\"}")));
        HttpClient accountant = signedIn("ACCOUNTANT");
        String page = page(accountant, "/disputes/" + id).body();
        assertThat(page).contains("id=\"proposal-approve\"").contains("One hour less").doesNotContain("id=\"proposal-form\"");

        assertThat(form(accountant, "/disputes/" + id + "/proposal/approve", "_csrf=" + csrf(page(accountant, "/disputes/" + id))).statusCode())
                .isEqualTo(302);
        assertThat(page(accountant, "/disputes/" + id).body()).contains("the proposer cannot approve their own proposal (four-eyes)");

        // the accountant who proposed gets no approve button, only decline (to take it back); another accountant gets both
        UUID own = UUID.randomUUID();
        String proposer = "accountant-" + UUID.randomUUID().toString().substring(0, 8);
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/" + own)).willReturn(json(200, dispute(own, "UNDER_REVIEW", "[]")
                .replace("\"proposal\":null", "\"proposal\":{\"outcome\":\"CREDIT_NOTE\",\"amount\":\"100.00\",\"lines\":null,\"correctedLines\":null,"
                        + "\"resolution\":\"One hour less\",\"proposedBy\":\"" + proposer + "\",\"proposedAt\":\"2027-03-03T10:00:00Z\"}"))));
        String proposersPage = page(signedIn("ACCOUNTANT", proposer), "/disputes/" + own).body();
        assertThat(proposersPage).contains("id=\"dispute-proposal\"").contains("One hour less")
                .doesNotContain("id=\"proposal-approve\"").contains("id=\"proposal-decline\"");
        assertThat(page(accountant, "/disputes/" + own).body()).contains("id=\"proposal-approve\"").contains("id=\"proposal-decline\"");

        // the outcome form of an open dispute: invoice-service's preview refusing (a 404 too) is shown with its detail
        UUID other = UUID.randomUUID();
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/" + other)).willReturn(json(200, dispute(other, "UNDER_REVIEW", "[]"))));
        INVOICE.stubFor(post(urlEqualTo("/api/invoices/" + invoice + "/credit-notes/preview")).willReturn(json(404,
                "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"No endpoint POST /api/invoices/" + invoice + "/credit-notes/preview.\"}")));
        HttpClient collector = signedIn("COLLECTOR");
        String token = csrf(page(collector, "/disputes/" + other));
        assertThat(page(collector, "/disputes/" + other).body()).contains("name=\"credit.0\"").contains("name=\"credit.1\"")
                .doesNotContain("name=\"credit.2\"");
        HttpResponse<String> preview = form(collector, "/disputes/" + other + "/proposal", "_csrf=" + token
                + "&action=preview&outcome=CREDIT_NOTE&amount=&credit.1=1&resolution=One+hour+less");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).doesNotContain("id=\"outcome-preview\"").contains("id=\"preview-error\"")
                .contains("No endpoint POST /api/invoices/" + invoice + "/credit-notes/preview.").contains("value=\"1\"");
        INVOICE.resetRequests();
        INVOICE.stubFor(post(urlEqualTo("/api/invoices/" + invoice + "/credit-notes/preview")).willReturn(json(200,
                "{\"amount\":\"120.00\",\"currency\":\"EUR\",\"lines\":[{\"description\":\"Support\",\"quantity\":\"1\",\"unitPrice\":\"100.00\","
                        + "\"grossAmount\":\"120.00\"}]}")));
        String shown = form(collector, "/disputes/" + other + "/proposal", "_csrf=" + token
                + "&action=preview&outcome=CREDIT_NOTE&credit.0=1&credit.1=1&resolution=One+hour+less").body();
        assertThat(shown).contains("id=\"outcome-preview\"").contains("120.00").doesNotContain("id=\"preview-error\"");
        JsonNode asked = JSON.readTree(INVOICE.findAll(postRequestedFor(urlEqualTo("/api/invoices/" + invoice + "/credit-notes/preview")))
                .get(0).getBodyAsString());
        assertThat(asked.get("lines").toString()).as("the first line is 0").isEqualTo("[{\"line\":0,\"quantity\":\"1\"},{\"line\":1,\"quantity\":\"1\"}]");
        assertThat(DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/disputes/" + other + "/proposal")))).as("a preview proposes nothing").isEmpty();
    }

    @Test
    void fiveFilesOf10MbPassTheDisputeRouteAndThePortalForm() throws Exception {
        DISPUTE.stubFor(any(urlEqualTo("/api/disputes")).willReturn(json(201, "{}")));
        byte[] tenMb = new byte[10 * 1024 * 1024];
        System.arraycopy(PNG, 0, tenMb, 0, PNG.length);
        List<Upload> files = new ArrayList<>();
        for (int file = 1; file <= 5; file++) {
            files.add(new Upload("files", "photo-" + file + ".png", "image/png", tenMb));
        }
        HttpResponse<String> routed = multipart(browser(), "/api/disputes", Map.of("dispute", "{}"), files);
        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(201);
        assertThat(DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/disputes"))).get(0).getBody().length).isGreaterThan(5 * tenMb.length);

        DISPUTE.stubFor(post(urlEqualTo("/api/portal/disputes")).willReturn(json(201, dispute(UUID.randomUUID(), "OPEN", "[]"))));
        HttpResponse<String> posted = multipart(browser(), "/p/" + link(invoice) + "/disputes",
                Map.of("invoiceId", invoice.toString(), "reason", "DAMAGED", "message", "Photos attached"), files);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        assertThat(DISPUTE.findAll(postRequestedFor(urlEqualTo("/api/portal/disputes"))).get(0).getParts().stream()
                .filter(p -> p.getName().equals("files")).count()).isEqualTo(5);

        // a file far above the limit is refused by the gateway with a message, and dispute-service hears nothing
        DISPUTE.resetRequests();
        HttpResponse<String> tooLarge = multipart(browser(), "/p/" + link(invoice) + "/disputes",
                Map.of("invoiceId", invoice.toString(), "reason", "DAMAGED", "message", "Big photo"),
                List.of(new Upload("files", "huge.png", "image/png", new byte[12 * 1024 * 1024])));
        assertThat(tooLarge.statusCode()).isEqualTo(200);
        assertThat(tooLarge.body()).contains("A file is larger than 10 MB");
        assertThat(DISPUTE.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theCustomerPageListsTheCustomersDisputesAndTheInvoicePageItsDisputesAndObjectionWindow() throws Exception {
        UUID id = UUID.randomUUID();
        BILLING.stubFor(get(urlEqualTo("/api/customers/" + customer)).willReturn(json(200, "{\"id\":\"" + customer + "\",\"name\":\"Acme\","
                + "\"email\":\"a@b.example\",\"language\":\"en\",\"timeZone\":\"Europe/Istanbul\",\"paymentTermDays\":14,\"terms\":{}}")));
        DISPUTE.stubFor(get(urlPathEqualTo("/api/disputes")).willReturn(json(200, "{\"items\":[" + dispute(id, "UNDER_REVIEW", "[]")
                + "],\"total\":1,\"page\":0,\"size\":50}")));
        DISPUTE.stubFor(get(urlEqualTo("/api/disputes/invoices/" + invoice)).willReturn(json(200,
                window(false, "[" + dispute(id, "UNDER_REVIEW", "[]") + "]"))));
        HttpClient viewer = signedIn("VIEWER");

        String customerPage = page(viewer, "/customers/" + customer).body();
        String invoicePage = page(viewer, "/invoices/" + invoice).body();

        assertThat(customerPage).contains("id=\"customer-dispute-list\"").contains("DSP-000042").contains("/disputes/" + id);
        LoggedRequest listed = DISPUTE.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/api/disputes"))).get(0);
        assertThat(listed.queryParameter("customerId").firstValue()).isEqualTo(customer.toString());
        assertThat(invoicePage).contains("id=\"invoice-dispute-list\"").contains("DSP-000042").contains("id=\"objection-deadline\"")
                .contains("2027-03-09 20:59 UTC").contains("8 days passed").contains("Counted from the issue date 2027-03-01");
    }
}
