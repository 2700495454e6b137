package dev.billing.payment;

import static dev.billing.support.testing.KafkaProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.access.Role;
import dev.billing.events.billing.BillTo;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import dev.billing.support.testing.KafkaProbe;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * Bank statements imported on real Kafka and PostgreSQL: the proposals for their lines, the payments staff confirm
 * from them (published once per line however often the file comes or the line is confirmed), and the files refused.
 */
@IntegrationTest
class BankStatementIT {
    private static final String BASE = "/api/payments/bank-statements";
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
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

    private static String number() {
        return "INV-2027-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    /** A camt.053.001.08 statement: a credit naming {@code remittance}, and a debit. */
    private static String camt(String account, String reference, String amount, String remittance, LocalDate booked) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                  <GrpHdr><MsgId>M-1</MsgId><CreDtTm>2027-03-11T06:00:00</CreDtTm></GrpHdr>
                  <Stmt><Id>S-%2$s</Id><Acct><Id><IBAN>%1$s</IBAN></Id></Acct>
                    <Ntry><Amt Ccy="TRY">%3$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                      <BookgDt><Dt>%5$s</Dt></BookgDt><ValDt><Dt>%5$s</Dt></ValDt><AcctSvcrRef>%2$s</AcctSvcrRef>
                      <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>ADA AJANS</Nm></Pty></Dbtr></RltdPties>
                        <RmtInf><Ustrd>%4$s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                    <Ntry><Amt Ccy="TRY">80.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                      <BookgDt><Dt>%5$s</Dt></BookgDt><AcctSvcrRef>%2$s-D</AcctSvcrRef></Ntry>
                  </Stmt></BkToCstmrStmt></Document>
                """.formatted(account, reference, amount, remittance, booked);
    }

    private ApiClient.Response upload(ApiClient as, String contentType, String body) {
        return as.send("POST", BASE, contentType, body);
    }

    private List<ConsumerRecord<String, String>> received(UUID customer, Duration wait) {
        Predicate<ConsumerRecord<String, String>> ofCustomer = ofType(EventCatalog.PAYMENT_RECEIVED.type())
                .and(r -> r.key().equals(customer.toString()));
        return wait == null ? kafka.drain(Duration.ofSeconds(2)).stream().filter(ofCustomer).toList()
                : kafka.await(ofCustomer, 1, wait);
    }

    @Test
    void aCamtAndAnMt940AreProposedConfirmedAndPublishedOncePerLineHoweverOftenTheyCome() {
        UUID adaCustomer = UUID.randomUUID();
        String adaNumber = number();
        UUID ada = IssuedInvoices.issue(kafka, jdbc, adaCustomer, adaNumber, LocalDate.of(2027, 3, 15), "TRY", "1440.00",
                new BillTo("Ada Ajans", "ada@example.com", null, "tr", "Europe/Istanbul"));
        UUID mullerCustomer = UUID.randomUUID();
        String mullerNumber = number();
        UUID muller = IssuedInvoices.issue(kafka, jdbc, mullerCustomer, mullerNumber, LocalDate.of(2027, 3, 15), "EUR", "500.00",
                new BillTo("Müller Maschinenbau GmbH", "m@example.com", null, "en", "Europe/Berlin"));
        String iban = "TR" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String camtReference = "GAR-" + UUID.randomUUID();
        LocalDate booked = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        String camt = camt(iban, camtReference, "1440.00", "Fatura " + adaNumber.toLowerCase().replace("-", " "), booked);
        String bankReference = UUID.randomUUID().toString().substring(0, 16);
        String day = booked.format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd"));
        String mt940 = String.join("\r\n", ":20:STARTUMSE", ":25:10020030/" + bankReference, ":28C:00071/001",
                ":60F:C" + day + "EUR12500,00", ":61:" + day + day.substring(2) + "C200,00NTRFNONREF//" + bankReference,
                ":86:166?00GUTSCHRIFT?20SVWZ+Rechnung " + mullerNumber.substring(0, 10), "?21" + mullerNumber.substring(10) + " Teilzahlung?32MUELLER MASCHINENBAU",
                ":62F:C" + day + "EUR12700,00", "-");

        ApiClient.Response camtImport = upload(api.as(Role.ACCOUNTANT), "application/xml", camt);
        assertThat(camtImport.status()).as(camtImport.body()).isEqualTo(201);
        JsonNode camtLines = camtImport.json().get("lines");
        assertThat(camtImport.header("Location")).isEqualTo(BASE + "/" + camtImport.json().get("id").asString());
        assertThat(camtImport.json().get("format").asString()).isEqualTo("CAMT053");
        assertThat(camtImport.json().get("newLineCount").asInt()).isEqualTo(2);
        assertThat(camtLines.get(0).get("proposal").get("confidence").asString()).isEqualTo("EXACT");
        assertThat(camtLines.get(0).get("proposal").get("invoiceId").asString()).isEqualTo(ada.toString());
        assertThat(camtLines.get(0).get("proposal").get("invoiceNumber").asString()).isEqualTo(adaNumber);
        assertThat(camtLines.get(0).get("amount").asString()).isEqualTo("1440.00");
        assertThat(camtLines.get(1).get("direction").asString()).isEqualTo("DEBIT");
        assertThat(camtLines.get(1).get("proposal").get("confidence").asString()).isEqualTo("NONE");
        ApiClient.Response mtImport = upload(api.as(Role.COLLECTOR), "text/plain", mt940);
        assertThat(mtImport.status()).as(mtImport.body()).isEqualTo(201);
        JsonNode mtLine = mtImport.json().get("lines").get(0);
        assertThat(mtLine.get("proposal").get("confidence").asString()).isEqualTo("NUMBER");
        assertThat(mtLine.get("proposal").get("invoiceId").asString()).isEqualTo(muller.toString());
        assertThat(mtLine.get("proposal").get("reason").asString()).contains("partial payment");
        assertThat(mtLine.get("payerName").asString()).isEqualTo("MUELLER MASCHINENBAU");

        String camtId = camtImport.json().get("id").asString();
        String camtLine = camtLines.get(0).get("id").asString();
        String mtId = mtImport.json().get("id").asString();
        String mtLineId = mtLine.get("id").asString();
        ApiClient.Response confirmed = api.as(Role.ACCOUNTANT).post(BASE + "/" + camtId + "/lines/" + camtLine + "/confirm",
                ApiClient.json(Map.of("invoiceId", ada.toString())));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asString()).isEqualTo("CONFIRMED");
        String camtPayment = confirmed.json().get("paymentId").asString();
        ApiClient.Response confirmedMt = api.as(Role.COLLECTOR).post(BASE + "/" + mtId + "/lines/" + mtLineId + "/confirm",
                ApiClient.json(Map.of("invoiceId", muller.toString())));
        assertThat(confirmedMt.status()).as(confirmedMt.body()).isEqualTo(200);

        PaymentReceived adaPaid = EventJson.mapper().readValue(received(adaCustomer, Duration.ofSeconds(10)).get(0).value(),
                PaymentReceived.class);
        assertThat(adaPaid.paymentId().toString()).isEqualTo(camtPayment);
        assertThat(adaPaid.invoiceId()).isEqualTo(ada);
        assertThat(adaPaid.amount()).isEqualByComparingTo("1440.00");
        assertThat(adaPaid.method()).isEqualTo("BANK_TRANSFER");
        assertThat(adaPaid.providerReference()).as("the bank's reference").isEqualTo(camtReference);
        assertThat(adaPaid.receivedAt()).as("the booking day, noon UTC").isEqualTo(booked.atTime(12, 0).toInstant(ZoneOffset.UTC));
        PaymentReceived mullerPaid = EventJson.mapper().readValue(received(mullerCustomer, Duration.ofSeconds(10)).get(0).value(),
                PaymentReceived.class);
        assertThat(mullerPaid.amount()).isEqualByComparingTo("200.00");
        assertThat(mullerPaid.currency()).isEqualTo("EUR");
        assertThat(mullerPaid.providerReference()).isEqualTo(bankReference);

        // the same files again, and the same confirmations: nothing new
        ApiClient.Response again = upload(api.as(Role.ACCOUNTANT), "application/xml", camt);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("newLineCount").asInt()).isZero();
        assertThat(again.json().get("lines").get(0).get("id").asString()).isEqualTo(camtLine);
        assertThat(again.json().get("lines").get(0).get("alreadyImported").asBoolean()).isTrue();
        assertThat(again.json().get("lines").get(0).get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(upload(api.as(Role.COLLECTOR), "text/plain", mt940).json().get("newLineCount").asInt()).isZero();
        ApiClient.Response reconfirmed = api.as(Role.ACCOUNTANT).post(BASE + "/" + camtId + "/lines/" + camtLine + "/confirm",
                ApiClient.json(Map.of("invoiceId", ada.toString())));
        assertThat(reconfirmed.status()).isEqualTo(200);
        assertThat(reconfirmed.json().get("paymentId").asString()).isEqualTo(camtPayment);
        assertThat(api.post(BASE + "/" + mtId + "/lines/" + mtLineId + "/confirm", ApiClient.json(Map.of("invoiceId", muller.toString())))
                .json().get("paymentId").asString()).isEqualTo(confirmedMt.json().get("paymentId").asString());
        assertThat(received(adaCustomer, null)).as("PaymentReceived once for the camt line").hasSize(1);
        assertThat(received(mullerCustomer, null)).as("PaymentReceived once for the MT940 line").hasSize(1);
        assertThat(jdbc.sql("select count(*) from payment where invoice_id in (:a, :b)").param("a", ada).param("b", muller)
                .query(Long.class).single()).isEqualTo(2);

        String debitLine = camtLines.get(1).get("id").asString();
        assertThat(api.post(BASE + "/" + camtId + "/lines/" + debitLine + "/confirm", ApiClient.json(Map.of("customerId",
                adaCustomer.toString()))).json().get("field").asString()).isEqualTo("lineId");
        ApiClient.Response ignored = api.post(BASE + "/" + camtId + "/lines/" + debitLine + "/ignore", "{}");
        assertThat(ignored.json().get("status").asString()).isEqualTo("IGNORED");
        assertThat(api.post(BASE + "/" + camtId + "/lines/" + camtLine + "/ignore", "{}").status())
                .as("a confirmed line stays confirmed").isEqualTo(409);
        ApiClient.Response read = api.as(Role.VIEWER).get(BASE + "/" + camtId);
        assertThat(read.json().get("lines").get(0).get("paymentId").asString()).isEqualTo(camtPayment);
        assertThat(read.json().get("openLineCount").asInt()).isZero();
        ApiClient.Response list = api.as(Role.VIEWER).get(BASE + "?size=3");
        assertThat(list.json().get(0).get("newLineCount").asInt()).as("newest first: the MT940 again").isZero();
        assertThat(list.json().get(0).get("format").asString()).isEqualTo("MT940");
        assertThat(Long.parseLong(list.header("X-Total-Count"))).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aLineIsConfirmedForAnotherInvoiceOrAsCreditButNeverInAnotherCurrency() {
        UUID customer = UUID.randomUUID();
        UUID euroInvoice = IssuedInvoices.issue(kafka, jdbc, customer, number(), LocalDate.of(2027, 3, 15), "EUR", "100.00",
                new BillTo("Ada Ajans", "ada@example.com", null, "tr", "Europe/Istanbul"));
        String iban = "TR" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        JsonNode imported = upload(api.as(Role.ACCOUNTANT), "application/xml",
                camt(iban, "R-" + UUID.randomUUID(), "300.00", "no number here", LocalDate.now(ZoneOffset.UTC))).json();
        String line = BASE + "/" + imported.get("id").asString() + "/lines/" + imported.get("lines").get(0).get("id").asString();
        assertThat(imported.get("lines").get(0).get("proposal").get("confidence").asString()).isEqualTo("NONE");

        ApiClient.Response otherCurrency = api.post(line + "/confirm", ApiClient.json(Map.of("invoiceId", euroInvoice.toString())));
        assertThat(otherCurrency.status()).as(otherCurrency.body()).isEqualTo(422);
        assertThat(otherCurrency.json().get("field").asString()).isEqualTo("invoiceId");
        assertThat(api.post(line + "/confirm", "{}").json().get("field").asString()).isEqualTo("customerId");
        assertThat(api.as(Role.VIEWER).post(line + "/confirm", ApiClient.json(Map.of("customerId", customer.toString()))).status())
                .isEqualTo(403);
        ApiClient.Response credit = api.post(line + "/confirm", ApiClient.json(Map.of("customerId", customer.toString())));
        assertThat(credit.status()).as(credit.body()).isEqualTo(200);
        PaymentReceived event = EventJson.mapper().readValue(received(customer, Duration.ofSeconds(10)).get(0).value(),
                PaymentReceived.class);
        assertThat(event.invoiceId()).as("the customer's credit").isNull();
        assertThat(event.amount()).isEqualByComparingTo("300.00");
    }

    @Test
    void aFileThatCannotBeAStatementIsRefusedNamingTheFieldAndNothingIsWritten() {
        long before = rows();
        String cutOff = String.join("\n", ":20:X", ":25:ACC", ":60F:C270311EUR0,00", ":61:2703120312C1,00NTRFNONREF");
        String inOtherCurrency = camt("TR1", "R-1", "1440.005", "x", LocalDate.now());
        record Wrong(String contentType, String body, int status, String field) {
        }
        for (Wrong wrong : List.of(
                new Wrong("application/xml", "this is not xml", 400, "body"),
                new Wrong("application/xml", "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\"/>", 400, "body"),
                new Wrong("application/xml", "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>", 400, "body"),
                new Wrong("application/xml", inOtherCurrency, 400, "Stmt[1]/Ntry[1]/Amt"),
                new Wrong("application/xml", "", 400, "body"),
                new Wrong("text/plain", "hello", 400, "body"),
                new Wrong("text/plain", cutOff, 400, ":62F:"),
                new Wrong("application/json", "{}", 415, "Content-Type"),
                new Wrong("text/plain", ":20:" + "x".repeat(5 * 1024 * 1024), 413, "body"))) {
            ApiClient.Response refused = upload(api.as(Role.ACCOUNTANT), wrong.contentType(), wrong.body());
            String what = wrong.contentType() + " " + wrong.body().substring(0, Math.min(60, wrong.body().length()));
            assertThat(refused.status()).as(what + ": " + refused.body()).isEqualTo(wrong.status());
            assertThat(refused.header("Content-Type")).as(what).startsWith("application/problem+json");
            assertThat(refused.json().get("field").asString()).as(what + ": " + refused.body()).isEqualTo(wrong.field());
        }
        assertThat(rows()).as("nothing written by the refused files").isEqualTo(before);
        assertThat(upload(api.as(Role.VIEWER), "text/plain", cutOff).status()).isEqualTo(403);
    }

    private long rows() {
        return jdbc.sql("select (select count(*) from bank_statement_import) + (select count(*) from bank_statement_line)")
                .query(Long.class).single();
    }
}
