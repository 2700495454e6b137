package dev.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.Role;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import dev.billing.support.testing.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The statement of account against the real service: every kind of entry from the API and from
 * payment events, its closing balance against {@code /balance}, the PDF, refusals, and who may read it.
 */
@IntegrationTest
class StatementIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @Value("${local.server.port}")
    int port;
    ApiClient api;
    KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
        kafka = KafkaProbe.onEmbeddedBroker(Topics.INVOICE);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void theClosingBalanceIsWhatTheBalanceSaysTheCustomerOwesAfterEveryKindOfEntry() {
        UUID customer = registeredCustomer("tr");
        UUID a = issuedInvoice(customer);                                 // +1200.00
        LocalDate today = LocalDate.parse(invoice(a).get("issueDate").asString());
        pay(UUID.randomUUID(), customer, a, "TRY", "500");               // partial: -500.00
        awaitInvoice(a, i -> i.get("openAmount").asString().equals("700.00"));
        UUID overpayment = UUID.randomUUID();
        pay(overpayment, customer, a, "TRY", "900");                     // overpaid: -900.00, 200.00 credit
        awaitInvoice(a, i -> i.get("status").asString().equals("PAID"));
        UUID b = issuedInvoice(customer);                                 // +1200.00, the 200.00 credit pays part of it: no entry
        assertThat(invoice(b).get("openAmount").asString()).isEqualTo("1000.00");
        assertThat(api.post("/api/invoices/" + b + "/credit-notes", "{\"amount\":\"100.00\"}").status()).isEqualTo(201); // -100.00
        pay(UUID.randomUUID(), customer, b, "TRY", "300");               // -300.00
        awaitInvoice(b, i -> i.get("openAmount").asString().equals("600.00"));
        ApiClient.Response cancelled = api.post("/api/invoices/" + b + "/cancel", "{\"reason\":\"Yanlış dönem\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200); // storno of what stood: -1100.00; 500.00 paid becomes credit
        refund(customer, overpayment, a, "150");                          // +150.00, taken from the credit
        awaitCredit(customer, "TRY", "350.00");
        ApiClient.Response payout = api.post("/api/customers/" + customer + "/credit-refunds", ApiClient.json(Map.of(
                "refundId", UUID.randomUUID().toString(), "currency", "TRY", "amount", "100.00")));
        assertThat(payout.status()).as(payout.body()).isEqualTo(201);     // +100.00
        UUID c = issuedInvoice(customer);                                 // +1200.00, the 250.00 credit pays part of it
        pay(UUID.randomUUID(), customer, c, "TRY", "500");               // -500.00
        awaitInvoice(c, i -> i.get("openAmount").asString().equals("450.00"));
        pay(UUID.randomUUID(), customer, null, "TRY", "30");             // on account: -30.00, credit
        pay(UUID.randomUUID(), customer, null, "EUR", "50");             // on account in another currency
        awaitCredit(customer, "EUR", "50.00");
        awaitCredit(customer, "TRY", "30.00");

        // to the day after: an entry recorded past midnight during the test is still in
        JsonNode statement = statement(customer, "?from=" + today.minusDays(30) + "&to=" + today.plusDays(1));

        assertThat(statement.get("customerName").asString()).isEqualTo("Yıldız Ajans A.Ş.");
        assertThat(statement.get("timeZone").asString()).isEqualTo("Europe/Istanbul");
        assertThat(statement.get("currencies")).extracting(s -> s.get("currency").asString()).containsExactly("EUR", "TRY");
        JsonNode lira = statement.get("currencies").get(1);
        assertThat(lira.get("openingBalance").asString()).isEqualTo("0.00");
        assertThat(lira.get("entries")).extracting(e -> e.get("kind").asString() + " "
                        + (e.get("debit").isNull() ? "-" + e.get("credit").asString() : e.get("debit").asString()))
                .containsExactly("INVOICE 1200.00", "PAYMENT -500.00", "PAYMENT -900.00", "INVOICE 1200.00", "CREDIT_NOTE -100.00",
                        "PAYMENT -300.00", "STORNO -1100.00", "REFUND 150.00", "CREDIT_PAYOUT 100.00", "INVOICE 1200.00",
                        "PAYMENT -500.00", "PAYMENT -30.00");
        assertThat(lira.get("entries")).extracting(e -> e.get("balance").asString()).containsExactly("1200.00", "700.00",
                "-200.00", "1000.00", "900.00", "600.00", "-500.00", "-350.00", "-250.00", "950.00", "450.00", "420.00");
        assertThat(lira.get("entries").get(6).get("reference").asString()).isEqualTo(cancelled.json().get("stornoNumber").asString());
        assertThat(lira.get("entries").get(6).get("invoiceId").asString()).isEqualTo(b.toString());
        assertThat(lira.get("entries").get(2).get("reference").asString()).isEqualTo(overpayment.toString());
        assertThat(lira.get("entries").get(7).get("paymentId").asString()).isEqualTo(overpayment.toString());
        assertThat(lira.get("entries")).allSatisfy(e -> assertThat(e.get("date").asString()).isEqualTo(today.toString()));
        assertThat(lira.get("totalDebit").asString()).isEqualTo("3850.00");
        assertThat(lira.get("totalCredit").asString()).isEqualTo("3430.00");
        assertThat(lira.get("closingBalance").asString()).isEqualTo("420.00");

        // the invariant: what the statement closes with is the open amount less the credit, per currency
        JsonNode balance = api.get("/api/customers/" + customer + "/balance").json();
        assertThat(balance.get("currencies")).hasSize(2);
        for (JsonNode currency : balance.get("currencies")) {
            JsonNode closing = statement.get("currencies").valueStream()
                    .filter(s -> s.get("currency").asString().equals(currency.get("currency").asString())).findFirst().orElseThrow();
            assertThat(new BigDecimal(closing.get("closingBalance").asString())).as(currency.get("currency").asString())
                    .isEqualByComparingTo(new BigDecimal(currency.get("openAmount").asString())
                            .subtract(new BigDecimal(currency.get("credit").asString())));
        }

        // a period from today opens with nothing before it; a later one opens with what this one closed with
        JsonNode fromToday = statement(customer, "?from=" + today + "&to=" + today.plusDays(1) + "&currency=TRY");
        assertThat(fromToday.get("currencies").get(0).get("openingBalance").asString()).isEqualTo("0.00");
        assertThat(fromToday.get("currencies").get(0).get("entries")).hasSize(12);
        JsonNode later = statement(customer, "?from=" + today.plusDays(2) + "&to=" + today.plusDays(40) + "&currency=TRY");
        assertThat(later.get("currencies")).singleElement().satisfies(s -> {
            assertThat(s.get("openingBalance").asString()).isEqualTo("420.00");
            assertThat(s.get("entries")).isEmpty();
            assertThat(s.get("closingBalance").asString()).isEqualTo("420.00");
        });
        // without a period: from the first day of the year to today, the customer's day by platform time
        JsonNode thisYear = statement(customer, "?currency=TRY");
        assertThat(thisYear.get("from").asString()).isEqualTo(today.withDayOfYear(1).toString());
        assertThat(thisYear.get("to").asString()).isEqualTo(today.toString());
        assertThat(thisYear.get("currencies").get(0).get("entries")).hasSize(12);
        JsonNode earlier = statement(customer, "?from=" + today.minusDays(60) + "&to=" + today.minusDays(1));
        assertThat(earlier.get("currencies")).isEmpty();
        JsonNode dollars = statement(customer, "?from=" + today + "&to=" + today + "&currency=USD");
        assertThat(dollars.get("currencies")).singleElement().satisfies(s -> {
            assertThat(s.get("currency").asString()).isEqualTo("USD");
            assertThat(s.get("closingBalance").asString()).isEqualTo("0.00");
        });
    }

    @Test
    void thePdfIsInTheCustomersLanguageOrTheOneAskedFor() throws IOException {
        UUID customer = registeredCustomer("tr");
        UUID invoice = issuedInvoice(customer);
        LocalDate today = LocalDate.parse(invoice(invoice).get("issueDate").asString());
        String period = "?from=" + today.withDayOfMonth(1) + "&to=" + today.plusDays(1);

        HttpResponse<byte[]> turkish = get("/api/customers/" + customer + "/statement" + period, "application/pdf",
                TestTokens.of(Role.VIEWER));
        assertThat(turkish.statusCode()).isEqualTo(200);
        assertThat(turkish.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(turkish.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .startsWith("attachment").contains("statement-" + today.withDayOfMonth(1) + "-" + today.plusDays(1) + ".pdf"));
        assertThat(text(turkish.body())).contains("Hesap Ekstresi", "Yıldız Ajans A.Ş.", invoice(invoice).get("number").asString(),
                "1.200,00");

        HttpResponse<byte[]> english = get("/api/customers/" + customer + "/statement" + period + "&lang=en",
                "application/json;q=0.5, application/pdf", TestTokens.of(Role.VIEWER));
        assertThat(text(english.body())).contains("Statement of account", "Opening balance", "1,200.00").doesNotContain("Hesap");
    }

    @Test
    void badPeriodsCurrenciesAndLanguagesAreRefusedNamingTheFieldAndAnUnknownCustomerIsNotFound() {
        UUID customer = registeredCustomer("en");
        issuedInvoice(customer);
        String path = "/api/customers/" + customer + "/statement";
        assertRefused(path + "?from=2027-03-02&to=2027-03-01", "to");
        assertRefused(path + "?from=2021-03-01&to=2027-03-01", "to");
        assertRefused(path + "?from=2027-13-01&to=2027-12-31", "from");
        assertRefused(path + "?from=1.3.2027&to=2027-12-31", "from");
        assertRefused(path + "?from=2027-12-01&to=2027-11-30", "to");
        assertRefused(path + "?from=2027-03-01&to=2027-03-31&currency=eur", "currency");
        assertRefused(path + "?from=2027-03-01&to=2027-03-31&currency=XXXX", "currency");
        assertRefused(path + "?from=2027-03-01&to=2027-03-31&lang=de", "lang");
        assertThat(api.get("/api/customers/not-a-uuid/statement?from=2027-03-01&to=2027-03-31").status()).isEqualTo(400);

        HttpResponse<byte[]> asPdf = get(path + "?from=2027-03-02&to=2027-03-01", "application/pdf", TestTokens.of(Role.ADMIN));
        assertThat(asPdf.statusCode()).isEqualTo(400);
        assertThat(asPdf.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        ApiClient.Response unknown = api.get("/api/customers/" + UUID.randomUUID() + "/statement?from=2027-03-01&to=2027-03-31");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void theCustomersOwnStatementIsInThePortalOnlyWithItsTokenAndStaffReadsAnyButNotThroughThePortal() {
        UUID alice = registeredCustomer("tr");
        UUID aliceInvoice = issuedInvoice(alice);
        UUID bob = registeredCustomer("en");
        issuedInvoice(bob);
        LocalDate today = LocalDate.parse(invoice(aliceInvoice).get("issueDate").asString());
        String period = "?from=" + today.minusDays(1) + "&to=" + today.plusDays(1);

        ApiClient.Response own = api.withToken(TestTokens.customer(alice)).get("/api/portal/statement" + period);
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("customerId").asString()).isEqualTo(alice.toString());
        assertThat(own.json().get("currencies").get(0).get("entries")).singleElement()
                .satisfies(e -> assertThat(e.get("invoiceId").asString()).isEqualTo(aliceInvoice.toString()));
        assertThat(api.withToken(TestTokens.customer(bob)).get("/api/portal/statement" + period).json().get("customerId").asString())
                .isEqualTo(bob.toString());
        HttpResponse<byte[]> pdf = get("/api/portal/statement" + period, "application/pdf", TestTokens.customer(alice));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");

        assertThat(api.as(Role.ADMIN).get("/api/portal/statement" + period).status()).as("portal: no staff token").isEqualTo(403);
        assertThat(api.anonymous().get("/api/portal/statement" + period).status()).isEqualTo(401);
        assertThat(api.withToken(TestTokens.customer(alice)).get("/api/customers/" + alice + "/statement" + period).status())
                .as("a customer token reaches nothing outside the portal, not even its own customer").isEqualTo(403);
        for (Role role : Role.values()) {
            assertThat(api.as(role).get("/api/customers/" + alice + "/statement" + period).status()).as(role.name()).isEqualTo(200);
        }
    }

    private UUID registeredCustomer(String language) {
        UUID customer = UUID.randomUUID();
        kafka.send(Topics.BILLING, customer.toString(), UUID.randomUUID().toString(), EventCatalog.CUSTOMER_REGISTERED.type(),
                EventJson.write(new CustomerRegistered(customer, "Yıldız Ajans A.Ş.", "finans@yildiz.example", null, language,
                        "Europe/Istanbul", 15, Instant.parse("2027-01-01T00:00:00Z"), null)));
        return customer;
    }

    /** An issued invoice of 1200.00 TRY (1000.00 + 20 % tax). */
    private UUID issuedInvoice(UUID customer) {
        String body = ApiClient.json(Map.of("customerId", customer.toString(), "currency", "TRY", "lines", List.of(
                Map.of("description", "Kampanya yönetimi", "quantity", "1", "unitPrice", "1000", "taxRate", "20"))));
        ApiClient.Response draft = Eventually.await(() -> api.post("/api/invoices", body), r -> r.status() != 404, WAIT);
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        String id = draft.json().get("id").asString();
        ApiClient.Response issued = api.post("/api/invoices/" + id + "/issue", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return UUID.fromString(id);
    }

    private JsonNode invoice(UUID id) {
        return api.get("/api/invoices/" + id).json();
    }

    private void awaitInvoice(UUID id, Predicate<JsonNode> condition) {
        Eventually.await(() -> invoice(id), condition, WAIT);
    }

    private void awaitCredit(UUID customer, String currency, String amount) {
        Eventually.await(() -> api.get("/api/customers/" + customer + "/balance").json(), b -> b.get("currencies").valueStream()
                .anyMatch(c -> c.get("currency").asString().equals(currency) && c.get("credit").asString().equals(amount)), WAIT);
    }

    private void pay(UUID payment, UUID customer, UUID invoice, String currency, String amount) {
        kafka.send(Topics.PAYMENT, customer.toString(), UUID.randomUUID().toString(), EventCatalog.PAYMENT_RECEIVED.type(),
                EventJson.write(new PaymentReceived(payment, customer, invoice, currency, new BigDecimal(amount), "BANK_TRANSFER",
                        null, null, Instant.now())));
    }

    private void refund(UUID customer, UUID payment, UUID invoice, String amount) {
        kafka.send(Topics.PAYMENT, customer.toString(), UUID.randomUUID().toString(), EventCatalog.PAYMENT_REFUNDED.type(),
                EventJson.write(new PaymentRefunded(UUID.randomUUID(), payment, customer, invoice, "TRY", new BigDecimal(amount),
                        Instant.now())));
    }

    private JsonNode statement(UUID customer, String query) {
        ApiClient.Response response = api.as(Role.VIEWER).get("/api/customers/" + customer + "/statement" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return response.json();
    }

    private void assertRefused(String path, String field) {
        ApiClient.Response response = api.get(path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).as(path).isEqualTo(field);
    }

    /** ApiClient sends no Accept header of its own choosing; the PDF is asked for by it. */
    private HttpResponse<byte[]> get(String path, String accept, String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", accept).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replace('\u00A0', ' ');
        }
    }
}
