package dev.billing.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.billing.events.access.DocumentLinks;
import dev.billing.gateway.staff.SigningIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as authorization server and document-link opener, over HTTP as a script or a customer's
 * browser uses it: client_credentials tokens with the client's roles, signed with the key published at
 * /oauth2/jwks; signed links that open one PDF without a login; the production profile without secrets.
 */
@ContextConfiguration(initializers = GatewayDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PLATFORM_CLIENT_ID=scripts", "PLATFORM_CLIENT_SECRET=scripts-secret",
        "platform.auth.clients.crm.secret=crm-secret", "platform.auth.clients.crm.roles=VIEWER,COLLECTOR",
        "platform.auth.clients.books.secret=books-secret", "platform.auth.clients.books.roles=ACCOUNTANT",
        "AUTH_ISSUER_URI=http://gateway.test:8080",
        "LINK_SIGNING_KEYS=" + GatewayAccessIT.NEW_KEY + "," + GatewayAccessIT.OLD_KEY})
class GatewayAccessIT {
    static final String NEW_KEY = "gateway-access-it-new-key-0123456789abcdef";
    static final String OLD_KEY = "gateway-access-it-old-key-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WireMockServer INVOICE_SERVICE = new WireMockServer(options().dynamicPort());
    private static final WireMockServer PAYMENT_SERVICE = new WireMockServer(options().dynamicPort());

    static {
        INVOICE_SERVICE.start();
        PAYMENT_SERVICE.start();
    }

    @DynamicPropertySource
    static void invoiceService(DynamicPropertyRegistry registry) {
        registry.add("INVOICE_SERVICE_URL", INVOICE_SERVICE::baseUrl);
        registry.add("PAYMENT_SERVICE_URL", PAYMENT_SERVICE::baseUrl);
    }

    @AfterAll
    static void stop() {
        INVOICE_SERVICE.stop();
        PAYMENT_SERVICE.stop();
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;
    @Autowired
    SigningIn signingIn;

    @BeforeEach
    void reset() {
        INVOICE_SERVICE.resetAll();
        PAYMENT_SERVICE.resetAll();
    }

    private HttpResponse<String> token(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> fetch(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The token's claims, after checking its signature with the key the gateway publishes. */
    private SignedJWT verified(String token) throws Exception {
        JWKSet keys = JWKSet.parse(new String(fetch("/oauth2/jwks").body(), StandardCharsets.UTF_8));
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the signing key is published at /oauth2/jwks").isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        return jwt;
    }

    @Test
    void aMachineClientGetsASignedTokenCarryingItsRolesFromTheIssuer() throws Exception {
        HttpResponse<String> response = token("crm", "crm-secret");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        SignedJWT jwt = verified(body.get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("http://gateway.test:8080");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("crm");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("COLLECTOR", "VIEWER");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isAfter(java.util.Date.from(Instant.now()));

        SignedJWT platformClient = verified(JSON.readTree(token("scripts", "scripts-secret").body()).get("access_token").asString());
        assertThat(platformClient.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("ADMIN");
    }

    @Test
    void aWrongSecretOrAnUnknownClientGetsNoToken() throws Exception {
        assertThat(token("crm", "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(token("nobody", "crm-secret").statusCode()).isEqualTo(401);
        assertThat(token("crm", "not-the-secret").body()).doesNotContain("access_token");
    }

    @Test
    void aSignedStornoLinkOpensTheCancelledInvoicesStornoDocument() throws Exception {
        UUID invoice = UUID.randomUUID();
        INVOICE_SERVICE.stubFor(get(urlEqualTo("/api/invoices/" + invoice + "/storno.pdf")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/pdf").withBody("%PDF-1.7 storno")));
        String token = DocumentLinks.withKeys(NEW_KEY).token(DocumentLinks.Kind.STORNO_PDF, invoice, Instant.now().plus(Duration.ofDays(1)));

        HttpResponse<byte[]> response = fetch("/d/" + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("%PDF-1.7 storno");
    }

    @Test
    void aSignedLinkOpensThatInvoicesPdfWithoutALoginFetchedWithAViewerToken() throws Exception {
        UUID invoice = UUID.randomUUID();
        INVOICE_SERVICE.stubFor(get(urlEqualTo("/api/invoices/" + invoice + "/pdf")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/pdf")
                .withHeader("Content-Disposition", "inline; filename=\"INV-2027-000001.pdf\"").withBody("%PDF-1.7 test")));
        // signed with the older key: links already sent keep working after a new key is put in front
        String token = DocumentLinks.withKeys(OLD_KEY).token(DocumentLinks.Kind.INVOICE_PDF, invoice, Instant.now().plus(Duration.ofDays(1)));

        HttpResponse<byte[]> response = fetch("/d/" + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"INV-2027-000001.pdf\"");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("%PDF-1.7 test");
        String authorization = INVOICE_SERVICE.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
        SignedJWT gatewayToken = verified(authorization.substring("Bearer ".length()));
        assertThat(gatewayToken.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("VIEWER");
        assertThat(gatewayToken.getJWTClaimsSet().getIssuer()).isEqualTo("http://gateway.test:8080");
    }

    @Test
    void aTamperedExpiredOrForeignLinkIsA404AndReachesNoService() throws Exception {
        UUID invoice = UUID.randomUUID();
        String valid = DocumentLinks.withKeys(NEW_KEY).token(DocumentLinks.Kind.INVOICE_PDF, invoice, Instant.now().plus(Duration.ofDays(1)));
        String otherInvoice = DocumentLinks.withKeys(NEW_KEY).token(DocumentLinks.Kind.INVOICE_PDF, UUID.randomUUID(), Instant.now().plus(Duration.ofDays(1)));
        String expired = DocumentLinks.withKeys(NEW_KEY).token(DocumentLinks.Kind.INVOICE_PDF, invoice, Instant.now().minusSeconds(1));
        String foreign = DocumentLinks.withKeys("somebody-elses-key-0123456789abcdefghij")
                .token(DocumentLinks.Kind.INVOICE_PDF, invoice, Instant.now().plus(Duration.ofDays(1)));

        for (String token : new String[] {otherInvoice.split("\\.")[0] + "." + valid.split("\\.")[1], expired, foreign, "garbage"}) {
            HttpResponse<byte[]> response = fetch("/d/" + token);
            assertThat(response.statusCode()).as(token).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(INVOICE_SERVICE.getAllServeEvents()).isEmpty();
    }

    @Test
    void aPaymentLinkOpensThePortalWhichActsWithATokenForThatCustomerAlone() throws Exception {
        UUID invoice = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        PAYMENT_SERVICE.stubFor(get(urlEqualTo("/api/payments/invoices/" + invoice)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"invoiceId\":\"" + invoice + "\",\"customerId\":\"" + customer + "\"}")));
        PAYMENT_SERVICE.stubFor(get(urlEqualTo("/api/portal/invoices")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[{\"invoiceId\":\"" + invoice + "\",\"number\":\"INV-2027-000007\","
                        + "\"currency\":\"EUR\",\"openAmount\":\"600.00\",\"dueDate\":\"2027-03-15\"},{\"invoiceId\":\"" + UUID.randomUUID()
                        + "\",\"number\":\"INV-2027-000008\",\"currency\":\"EUR\",\"openAmount\":\"10.00\",\"dueDate\":\"2027-04-15\"}]")));
        PAYMENT_SERVICE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/api/portal/checkouts"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"checkoutId\":\"c-1\",\"redirectUrl\":\"http://localhost:8080/pay/sandbox/c-1\"}")));
        String token = DocumentLinks.withKeys(NEW_KEY).token(DocumentLinks.Kind.INVOICE_PAYMENT, invoice, Instant.now().plus(Duration.ofDays(1)));

        HttpResponse<String> portal = page(browser(), "/p/" + token);

        assertThat(portal.statusCode()).isEqualTo(200);
        // the link in the path must not leave as a Referer, and the payment page is never framed nor runs foreign script
        assertThat(portal.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(portal.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'")
                .contains("script-src 'none'").contains("default-src 'self'");
        assertThat(portal.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(portal.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(portal.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(portal.body()).contains("INV-2027-000007").contains("Pay 600.00 EUR by card")
                .as("an invoice's link shows that invoice only").doesNotContain("INV-2027-000008");
        LoggedRequest lookup = PAYMENT_SERVICE.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/api/payments/invoices/" + invoice))).get(0);
        assertThat(verified(lookup.getHeader("Authorization").substring(7)).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("VIEWER");
        LoggedRequest listed = PAYMENT_SERVICE.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/api/portal/invoices"))).get(0);
        com.nimbusds.jwt.JWTClaimsSet portalToken = verified(listed.getHeader("Authorization").substring(7)).getJWTClaimsSet();
        assertThat(portalToken.getStringListClaim("roles")).containsExactly("CUSTOMER");
        assertThat(portalToken.getStringClaim("customer_id")).isEqualTo(customer.toString());

        HttpResponse<String> pay = form(browser(), "/p/" + token + "/pay", "currency=EUR");
        assertThat(pay.statusCode()).as("no CSRF token: the link in the path is the credential").isEqualTo(302);
        assertThat(pay.headers().firstValue("Location")).hasValue("http://localhost:8080/pay/sandbox/c-1");
        JsonNode checkout = JSON.readTree(PAYMENT_SERVICE.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/api/portal/checkouts"))).get(0).getBodyAsString());
        assertThat(checkout.get("invoiceIds").get(0).asString()).isEqualTo(invoice.toString());
        assertThat(checkout.get("returnUrl").asString()).isEqualTo("http://localhost:8080/p/" + token + "/done");

        // a document link opens no portal, a payment link no document, and a tampered one neither
        String pdf = DocumentLinks.withKeys(NEW_KEY).token(DocumentLinks.Kind.INVOICE_PDF, invoice, Instant.now().plus(Duration.ofDays(1)));
        assertThat(page(browser(), "/p/" + pdf).statusCode()).isEqualTo(404);
        assertThat(fetch("/d/" + token).statusCode()).isEqualTo(404);
        HttpResponse<String> tampered = page(browser(), "/p/" + token.substring(0, token.length() - 2) + "xx");
        assertThat(tampered.statusCode()).isEqualTo(404);
        assertThat(tampered.body()).contains("This link is invalid or has expired").doesNotContain("INV-2027");
    }

    /** A browser: keeps its cookies, does not follow redirects (the tests look at them). */
    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(HttpClient browser, String path, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(HttpResponse<String> page) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        return token.group(1);
    }

    /** Signs in through the login form; answers where the gateway sent the browser. */
    private String signIn(HttpClient browser, String username, String password) throws Exception {
        String token = csrf(page(browser, "/login"));
        HttpResponse<String> response = form(browser, "/login", "username=" + username + "&password="
                + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token);
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> api(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String clientToken(String clientId, String secret) throws Exception {
        return JSON.readTree(token(clientId, secret).body()).get("access_token").asString();
    }

    @Test
    void anAdminManagesStaffUsersByApiAndOtherRolesCannot() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String username = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        String user = "{\"username\":\"" + username + "\",\"displayName\":\"Ayşe <b>Yılmaz</b>\",\"password\":\"a-long-password-1\","
                + "\"roles\":[\"ACCOUNTANT\"]}";

        assertThat(api("POST", "/api/staff-users", null, user).statusCode()).isEqualTo(401);
        assertThat(api("POST", "/api/staff-users", clientToken("crm", "crm-secret"), user).statusCode()).isEqualTo(403);
        HttpResponse<String> created = api("POST", "/api/staff-users", admin, user);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"roles\":[\"ACCOUNTANT\"]").doesNotContain("password");
        assertThat(api("POST", "/api/staff-users", admin, user).statusCode()).isEqualTo(409);
        HttpResponse<String> shortPassword = api("POST", "/api/staff-users", admin, user.replace("a-long-password-1", "short")
                .replace(username, username + "x"));
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(shortPassword.body()).get("field").asString()).isEqualTo("password");
        HttpResponse<String> unknownRole = api("POST", "/api/staff-users", admin, user.replace("ACCOUNTANT", "OWNER").replace(username, username + "y"));
        assertThat(JSON.readTree(unknownRole.body()).get("field").asString()).isEqualTo("roles");
        assertThat(api("POST", "/api/staff-users", admin, "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> list = api("GET", "/api/staff-users", admin, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(username).contains("\"username\":\"admin\"");
        assertThat(list.headers().firstValue("X-Total-Count")).isPresent();

        HttpResponse<String> disabled = api("PUT", "/api/staff-users/" + username, admin, "{\"enabled\":false}");
        assertThat(disabled.body()).contains("\"enabled\":false");
        assertThat(signIn(browser(), username, "a-long-password-1")).as("a disabled user cannot sign in").endsWith("/login?error");
    }

    @Test
    void anAdminRegistersAMachineClientWhoseSecretIsShownOnceAndGetsTokensUntilDisabledOrRenewed() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String id = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        String client = "{\"clientId\":\"" + id + "\",\"roles\":[\"COLLECTOR\"]}";
        assertThat(api("POST", "/api/machine-clients", clientToken("crm", "crm-secret"), client).statusCode()).isEqualTo(403);
        assertThat(api("POST", "/api/machine-clients", null, client).statusCode()).isEqualTo(401);

        HttpResponse<String> created = api("POST", "/api/machine-clients", admin, client);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = JSON.readTree(created.body()).get("clientSecret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(JSON.readTree(created.body()).get("client").get("createdBy").asString()).isEqualTo("scripts");
        SignedJWT token = verified(clientToken(id, secret));
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(id);
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("COLLECTOR");
        HttpResponse<String> list = api("GET", "/api/machine-clients", admin, null);
        assertThat(list.body()).contains("\"clientId\":\"" + id + "\"").contains("\"source\":\"configuration\"")
                .doesNotContain(secret).doesNotContain("bcrypt");

        assertThat(api("POST", "/api/machine-clients", admin, client).statusCode()).as("the id is taken").isEqualTo(409);
        HttpResponse<String> person = api("POST", "/api/machine-clients", admin, client.replace(id, GatewayDatabase.ADMIN));
        assertThat(person.statusCode()).as("a staff user's name").isEqualTo(409);
        HttpResponse<String> wrongType = api("PUT", "/api/machine-clients/" + id, admin, "{\"enabled\":\"yes\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).path("field").asString("")).as(wrongType.body()).isEqualTo("enabled");
        HttpResponse<String> configured = api("POST", "/api/machine-clients", admin, client.replace(id, "crm"));
        assertThat(configured.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(configured.body()).get("field").asString()).isEqualTo("clientId");
        HttpResponse<String> badId = api("POST", "/api/machine-clients", admin, client.replace(id, "Bad Id!"));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).get("field").asString()).isEqualTo("clientId");
        HttpResponse<String> noRoles = api("POST", "/api/machine-clients", admin, client.replace(id, id + "x").replace("\"COLLECTOR\"", ""));
        assertThat(JSON.readTree(noRoles.body()).get("field").asString()).isEqualTo("roles");

        assertThat(api("PUT", "/api/machine-clients/" + id, admin, "{\"roles\":[\"VIEWER\"]}").body()).contains("\"roles\":[\"VIEWER\"]");
        assertThat(verified(clientToken(id, secret)).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("VIEWER");
        assertThat(api("PUT", "/api/machine-clients/" + id, admin, "{\"enabled\":false}").statusCode()).isEqualTo(200);
        assertThat(token(id, secret).statusCode()).as("a disabled client gets no token").isEqualTo(401);
        assertThat(api("PUT", "/api/machine-clients/" + id, admin, "{\"enabled\":true}").statusCode()).isEqualTo(200);
        HttpResponse<String> renewed = api("POST", "/api/machine-clients/" + id + "/secret", admin, null);
        String newSecret = JSON.readTree(renewed.body()).get("clientSecret").asString();
        assertThat(token(id, secret).statusCode()).as("the old secret is void").isEqualTo(401);
        assertThat(token(id, newSecret).statusCode()).isEqualTo(200);
        assertThat(api("PUT", "/api/machine-clients/scripts", admin, "{\"enabled\":false}").statusCode())
                .as("a client of the configuration is changed there").isEqualTo(409);
        assertThat(api("POST", "/api/machine-clients/nobody-here/secret", admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theSettingsPageRegistersAMachineClientAndShowsItsSecretOnce() throws Exception {
        HttpClient browser = browser();
        signIn(browser, GatewayDatabase.ADMIN, GatewayDatabase.ADMIN_PASSWORD);
        String id = "books-ui-" + UUID.randomUUID().toString().substring(0, 6);
        String token = csrf(page(browser, "/settings/clients"));
        HttpResponse<String> posted = form(browser, "/settings/clients", "clientId=" + id + "&roles=ACCOUNTANT&roles=VIEWER&_csrf=" + token);
        assertThat(posted.statusCode()).isEqualTo(302);
        HttpResponse<String> shown = page(browser, "/settings/clients");
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("id=\"issued-secret-value\">([^<]+)<").matcher(shown.body());
        assertThat(secret.find()).as(shown.body()).isTrue();
        assertThat(verified(clientToken(id, secret.group(1))).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactlyInAnyOrder("ACCOUNTANT", "VIEWER");
        assertThat(page(browser, "/settings/clients").body()).as("shown once").doesNotContain(secret.group(1)).contains(id);

        String again = csrf(page(browser, "/settings/clients"));
        assertThat(form(browser, "/settings/clients", "clientId=" + id + "&roles=VIEWER&_csrf=" + again).statusCode()).isEqualTo(302);
        assertThat(page(browser, "/settings/clients").body()).contains("a machine client " + id + " exists already");

        String toggle = csrf(page(browser, "/settings/clients"));
        assertThat(form(browser, "/settings/clients/" + id + "/enabled", "enabled=false&_csrf=" + toggle).statusCode()).isEqualTo(302);
        assertThat(token(id, secret.group(1)).statusCode()).as("disabled in the UI").isEqualTo(401);
    }

    @Test
    void theUsersPageChangesAStaffMembersRoles() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String username = "rol-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api("POST", "/api/staff-users", admin, "{\"username\":\"" + username + "\",\"displayName\":\"Roles\","
                + "\"password\":\"right-password-12\",\"roles\":[\"VIEWER\"]}").statusCode()).isEqualTo(201);
        HttpClient browser = browser();
        signIn(browser, GatewayDatabase.ADMIN, GatewayDatabase.ADMIN_PASSWORD);
        String token = csrf(page(browser, "/settings/users"));

        assertThat(form(browser, "/settings/users/" + username + "/roles", "roles=COLLECTOR&roles=ACCOUNTANT&_csrf=" + token).statusCode())
                .isEqualTo(302);

        assertThat(JSON.readTree(api("GET", "/api/staff-users/" + username, admin, null).body()).get("roles").toString())
                .isEqualTo("[\"ACCOUNTANT\",\"COLLECTOR\"]");
        assertThat(form(browser, "/settings/users/" + username + "/roles", "_csrf=" + csrf(page(browser, "/settings/users"))).statusCode())
                .isEqualTo(302);
        assertThat(page(browser, "/settings/users").body()).as("no roles is refused, next to the roles").contains("must name at least one of");
    }

    @Test
    void everyMethodOfTheStaffUserAndMachineClientApisIsForAdminsOnly() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String[][] calls = {{"GET", "/api/staff-users", null}, {"POST", "/api/staff-users", "{}"},
                {"PUT", "/api/staff-users/admin", "{}"}, {"POST", "/api/staff-users/admin/password", "{}"},
                {"GET", "/api/machine-clients", null}, {"POST", "/api/machine-clients", "{}"},
                {"PUT", "/api/machine-clients/x", "{}"}, {"POST", "/api/machine-clients/x/secret", null}};
        for (String client : new String[] {"crm", "books"}) {
            String token = clientToken(client, client + "-secret");
            for (String[] call : calls) {
                assertThat(api(call[0], call[1], token, call[2]).statusCode()).as(client + " " + call[0] + " " + call[1]).isEqualTo(403);
                assertThat(api(call[0], call[1], null, call[2]).statusCode()).as("no token: " + call[0] + " " + call[1]).isEqualTo(401);
            }
        }
        for (String[] call : calls) {
            assertThat(api(call[0], call[1], admin, call[2]).statusCode()).as("ADMIN " + call[0] + " " + call[1]).isNotIn(401, 403).isLessThan(500);
        }
    }

    @Test
    void fiveWrongPasswordsLockAnAccountFor15MinutesAndAPasswordResetLiftsIt() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String username = "col-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api("POST", "/api/staff-users", admin, "{\"username\":\"" + username + "\",\"displayName\":\"Collector\","
                + "\"password\":\"right-password-12\",\"roles\":[\"COLLECTOR\"]}").statusCode()).isEqualTo(201);

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(signIn(browser(), username, "wrong-password")).endsWith("/login?error");
        }
        assertThat(signIn(browser(), username, "right-password-12")).as("4 wrong passwords do not lock").doesNotContain("error");
        assertThat(JSON.readTree(api("GET", "/api/staff-users/" + username, admin, null).body()).get("lockedUntil").isNull())
                .as("the right password on the fifth attempt clears the count").isTrue();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(signIn(browser(), username, "wrong-password")).endsWith("/login?error");
        }
        assertThat(signIn(browser(), username, "right-password-12")).as("locked after 5").endsWith("/login?error");
        JsonNode locked = JSON.readTree(api("GET", "/api/staff-users/" + username, admin, null).body());
        Instant until = Instant.parse(locked.get("lockedUntil").asString());
        assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));

        assertThat(api("POST", "/api/staff-users/" + username + "/password", admin, "{\"password\":\"new-password-123\"}").statusCode())
                .isEqualTo(204);
        assertThat(signIn(browser(), username, "new-password-123")).doesNotContain("error");
    }

    @Test
    void attemptsInFlightCountBeforeTheirPasswordIsCheckedSoASixthIsRefusedUnchecked() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String username = "par-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api("POST", "/api/staff-users", admin, "{\"username\":\"" + username + "\",\"displayName\":\"Parallel\","
                + "\"password\":\"right-password-12\",\"roles\":[\"VIEWER\"]}").statusCode()).isEqualTo(201);
        // six sign-ins in flight at once: each has been looked up, none has had its password checked yet
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(signingIn.loadUserByUsername(username).isAccountNonLocked()).as("attempt " + attempt).isTrue();
        }
        assertThat(signingIn.loadUserByUsername(username).isAccountNonLocked()).as("the sixth is refused before its check").isFalse();
        assertThat(signIn(browser(), username, "right-password-12")).as("locked").endsWith("/login?error");
    }

    @Test
    void aLoginFormPostWithoutTheCsrfTokenIsRefused() throws Exception {
        HttpClient browser = browser();
        page(browser, "/login");
        HttpResponse<String> response = form(browser, "/login", "username=" + GatewayDatabase.ADMIN + "&password=" + GatewayDatabase.ADMIN_PASSWORD);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(page(browser, "/").statusCode()).as("not signed in").isEqualTo(302);
    }

    @Test
    void aSignedInStaffMembersApiCallsReachTheServicesWithTheirOwnToken() throws Exception {
        String admin = clientToken("scripts", "scripts-secret");
        String username = "view-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api("POST", "/api/staff-users", admin, "{\"username\":\"" + username + "\",\"displayName\":\"Vera Viewer\","
                + "\"password\":\"viewer-password-1\",\"roles\":[\"VIEWER\"]}").statusCode()).isEqualTo(201);
        INVOICE_SERVICE.stubFor(get(urlEqualTo("/api/invoices/x")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        HttpClient browser = browser();
        signIn(browser, username, "viewer-password-1");

        assertThat(page(browser, "/api/invoices/x").statusCode()).isEqualTo(200);

        String authorization = INVOICE_SERVICE.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
        SignedJWT token = verified(authorization.substring("Bearer ".length()));
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(username);
        assertThat(token.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Vera Viewer");
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("VIEWER");
        // without a session, the call goes on without a token (and the service refuses it)
        INVOICE_SERVICE.resetRequests();
        page(browser(), "/api/invoices/x");
        assertThat(INVOICE_SERVICE.getAllServeEvents().get(0).getRequest().containsHeader("Authorization")).isFalse();
    }

    private String staffUser(String role, String displayName) throws Exception {
        String username = role.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = api("POST", "/api/staff-users", clientToken("scripts", "scripts-secret"), "{\"username\":\""
                + username + "\",\"displayName\":\"" + displayName + "\",\"password\":\"" + username + "-pw-123\",\"roles\":[\"" + role + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return username;
    }

    private HttpClient signedIn(String username) throws Exception {
        HttpClient browser = browser();
        assertThat(signIn(browser, username, username + "-pw-123")).doesNotContain("error");
        return browser;
    }

    private void stubInvoice(UUID id, String customerName) {
        INVOICE_SERVICE.stubFor(get(urlEqualTo("/api/invoices/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + id + "\",\"number\":\"INV-2027-000007\","
                        + "\"status\":\"ISSUED\",\"overdue\":false,\"customerName\":\"" + customerName + "\",\"customerEmail\":\"a@b.example\","
                        + "\"issueDate\":\"2027-01-04\",\"dueDate\":\"2027-01-18\",\"currency\":\"EUR\",\"total\":\"1440.00\","
                        + "\"openAmount\":\"1440.00\",\"lines\":[],\"taxSummary\":[]}")));
    }

    @Test
    void aSignedInSessionFollowsItsAccountNewRolesAtOnceAndDisablingEndsIt() throws Exception {
        UUID invoice = UUID.randomUUID();
        stubInvoice(invoice, "Acme");
        String admin = clientToken("scripts", "scripts-secret");
        String username = staffUser("VIEWER", "Vera");
        HttpClient browser = signedIn(username);
        assertThat(page(browser, "/invoices/" + invoice).body()).doesNotContain("storno-form");

        assertThat(api("PUT", "/api/staff-users/" + username, admin, "{\"roles\":[\"ACCOUNTANT\"]}").statusCode()).isEqualTo(200);
        assertThat(page(browser, "/invoices/" + invoice).body()).as("the new role, without signing in again").contains("storno-form");

        assertThat(api("PUT", "/api/staff-users/" + username, admin, "{\"enabled\":false}").statusCode()).isEqualTo(200);
        HttpResponse<String> afterDisabling = page(browser, "/invoices/" + invoice);
        assertThat(afterDisabling.statusCode()).isEqualTo(302);
        assertThat(afterDisabling.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        INVOICE_SERVICE.resetRequests();
        page(browser, "/api/invoices/" + invoice);
        assertThat(INVOICE_SERVICE.getAllServeEvents().get(0).getRequest().containsHeader("Authorization"))
                .as("a disabled user's session carries no token to the services").isFalse();
    }

    @Test
    void aPasswordResetEndsTheSessionsSignedInWithTheOldOne() throws Exception {
        String username = staffUser("COLLECTOR", "Cem");
        HttpClient browser = signedIn(username);
        assertThat(page(browser, "/").statusCode()).isEqualTo(200);

        assertThat(api("POST", "/api/staff-users/" + username + "/password", clientToken("scripts", "scripts-secret"),
                "{\"password\":\"a-brand-new-password\"}").statusCode()).isEqualTo(204);

        assertThat(page(browser, "/").statusCode()).isEqualTo(302);
    }

    @Test
    void aSearchIsPassedToTheServiceAsTypedBracesPlusAndAmpersandIncluded() throws Exception {
        INVOICE_SERVICE.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/invoices"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("X-Total-Count", "0")
                        .withBody("[]")));
        HttpClient viewer = signedIn(staffUser("VIEWER", "Victor"));

        HttpResponse<String> page = page(viewer, "/invoices?tab=issued&q=" + java.net.URLEncoder.encode("a{b}+c&d", StandardCharsets.UTF_8));

        assertThat(page.statusCode()).isEqualTo(200);
        LoggedRequest search = INVOICE_SERVICE.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/invoices"))).get(0);
        assertThat(search.queryParameter("customerName").firstValue()).isEqualTo("a{b}+c&d");
        assertThat(search.queryParameter("filter").firstValue()).isEqualTo("issued");
    }

    @Test
    void theDashboardShowsTheReceivablesPerCurrencyAndChartsTheirAging() throws Exception {
        INVOICE_SERVICE.stubFor(get(urlEqualTo("/api/invoices/summary")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"asOf\":\"2027-03-05\",\"currencies\":[{\"currency\":\"EUR\","
                        + "\"openAmount\":\"2880.00\",\"openCount\":2,\"overdueAmount\":\"1440.00\",\"overdueCount\":1,"
                        + "\"invoicedThisMonth\":\"4320.00\",\"collectedThisMonth\":\"1440.00\",\"aging\":{\"current\":\"1440.00\","
                        + "\"1-30\":\"0.00\",\"31-60\":\"1440.00\",\"61-90\":\"0.00\",\"90+\":\"0.00\"}}]}")));
        HttpClient viewer = signedIn(staffUser("VIEWER", "Victor"));

        String dashboard = page(viewer, "/").body();

        assertThat(dashboard).contains("id=\"summary-EUR\"").contains("2880.00 EUR (2)").contains("1440.00 EUR (1)")
                .contains("4320.00 EUR").contains("data-values=\"1440.00|0.00|1440.00|0.00|0.00\"")
                .contains("data-labels=\"current|1-30 days|31-60 days|61-90 days|over 90 days\"")
                .contains("chart.js/4.5.1/dist/chart.umd.js");
        INVOICE_SERVICE.stubFor(get(urlEqualTo("/api/invoices/summary")).willReturn(aResponse().withStatus(503)));
        assertThat(page(viewer, "/").statusCode()).as("a service that fails leaves the page up").isEqualTo(200);
    }

    @Test
    void pagesEscapeWhatTheyShowAndOfferOnlyTheActionsTheRolesAllow() throws Exception {
        UUID invoice = UUID.randomUUID();
        stubInvoice(invoice, "<script>alert(1)</script>");
        HttpClient accountant = signedIn(staffUser("ACCOUNTANT", "Ayşe <i>A</i>"));
        HttpClient viewer = signedIn(staffUser("VIEWER", "Victor"));

        HttpResponse<String> accountantsPage = page(accountant, "/invoices/" + invoice);
        assertThat(accountantsPage.statusCode()).isEqualTo(200);
        assertThat(accountantsPage.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                .contains("Ayşe &lt;i&gt;A&lt;/i&gt;").contains("id=\"storno-form\"");
        HttpResponse<String> viewersPage = page(viewer, "/invoices/" + invoice);
        assertThat(viewersPage.body()).contains("INV-2027-000007").doesNotContain("storno-form").doesNotContain("nav-users");
        assertThat(page(viewer, "/settings/users").statusCode()).isEqualTo(403);
        assertThat(page(browser(), "/invoices/" + invoice).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void aStornoTheServiceRefusesShowsTheServicesMessageNextToTheReason() throws Exception {
        UUID invoice = UUID.randomUUID();
        stubInvoice(invoice, "Acme");
        INVOICE_SERVICE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/api/invoices/" + invoice + "/cancel"))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":409,\"title\":\"Conflict\",\"detail\":\"the invoice is PAID; only an issued invoice can be cancelled\"}")));
        String username = staffUser("ACCOUNTANT", "Ayşe");
        HttpClient accountant = signedIn(username);
        String token = csrf(page(accountant, "/invoices/" + invoice));

        assertThat(form(accountant, "/invoices/" + invoice + "/storno", "reason=Billed+twice").statusCode()).as("without CSRF").isEqualTo(403);
        HttpResponse<String> posted = form(accountant, "/invoices/" + invoice + "/storno", "reason=Billed+twice&_csrf=" + token);
        assertThat(posted.statusCode()).isEqualTo(302);
        HttpResponse<String> shown = page(accountant, "/invoices/" + invoice);

        LoggedRequest cancel = INVOICE_SERVICE.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/api/invoices/" + invoice + "/cancel"))).get(0);
        assertThat(cancel.getBodyAsString()).isEqualTo("{\"reason\":\"Billed twice\"}");
        assertThat(shown.body()).containsPattern("id=\"storno-error\"[^>]*>the invoice is PAID; only an issued invoice can be cancelled<")
                .contains("value=\"Billed twice\"");
        assertThat(verified(cancel.getHeader("Authorization").substring("Bearer ".length())).getJWTClaimsSet().getSubject()).isEqualTo(username);
    }

    @Test
    void theUiSpeaksTurkishEnglishAndHungarianFromTheBrowsersLanguageOrTheUsersPick() throws Exception {
        HttpClient browser = browser();
        assertThat(page(browser, "/login").body()).contains("Sign in");
        assertThat(page(browser, "/login?lang=tr").body()).contains("Giriş yap");
        assertThat(page(browser, "/login").body()).as("the pick is kept").contains("Giriş yap");
        assertThat(page(browser, "/login?lang=hu").body()).contains("Bejelentkezés");
        HttpResponse<String> turkishBrowser = browser().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Accept-Language", "tr-TR,tr;q=0.9").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(turkishBrowser.body()).contains("Giriş yap").contains("lang=\"tr\"");
    }

    @Test
    void theProductionProfileRefusesToStartWithoutExplicitSecretsAndKeys() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).profiles("production")
                .properties("server.port=0", "PLATFORM_CLIENT_SECRET=set").run().close())
                .hasStackTraceContaining("set PLATFORM_CLIENT_ID, AUTH_SIGNING_KEY, AUTH_ISSUER_URI, LINK_SIGNING_KEYS, "
                        + "PLATFORM_ADMIN_USERNAME, PLATFORM_ADMIN_PASSWORD, DB_PASSWORD");
    }
}
