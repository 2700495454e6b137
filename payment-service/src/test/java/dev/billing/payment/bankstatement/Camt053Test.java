package dev.billing.payment.bankstatement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Camt053Test {

    static byte[] resource(String name) {
        try (InputStream in = Camt053Test.class.getResourceAsStream("/bankstatement/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void version02GivesEveryEntryWithItsReferenceRemittanceAndDebtor() {
        BankStatement statement = Camt053.parse(resource("camt053-v02.xml"));

        assertThat(statement.format()).isEqualTo("CAMT053");
        assertThat(statement.statementId()).isEqualTo("STMT-2027-03-10");
        assertThat(statement.account()).isEqualTo("TR330006100519786457841326");
        assertThat(statement.lines()).hasSize(3);
        StatementLine paid = statement.lines().get(0);
        assertThat(paid.position()).isEqualTo(1);
        assertThat(paid.direction()).isEqualTo(StatementLine.Direction.CREDIT);
        assertThat(paid.amount()).isEqualTo("1440.00");
        assertThat(paid.currency()).isEqualTo("TRY");
        assertThat(paid.bookingDate()).isEqualTo(LocalDate.of(2027, 3, 10));
        assertThat(paid.valueDate()).isEqualTo(LocalDate.of(2027, 3, 11));
        assertThat(paid.entryReference()).as("AcctSvcrRef before NtryRef").isEqualTo("GAR-2027031000042");
        assertThat(paid.remittance()).isEqualTo("Fatura inv 2027-000 001 odemesi");
        assertThat(paid.payerName()).isEqualTo("ADA AJANS REKLAMCILIK LTD STI");
        StatementLine rent = statement.lines().get(1);
        assertThat(rent.direction()).isEqualTo(StatementLine.Direction.DEBIT);
        assertThat(rent.payerName()).isNull();
        StatementLine structured = statement.lines().get(2);
        assertThat(structured.remittance()).as("Strd/CdtrRefInf/Ref").isEqualTo("RF18539007547034");
        assertThat(structured.bookingDate()).as("from DtTm").isEqualTo(LocalDate.of(2027, 3, 10));
        assertThat(structured.entryReference()).as("no reference of the bank: the entry's place in its statement")
                .isEqualTo("STMT-2027-03-10/3");
    }

    @Test
    void version08ReadsTheDebtorUnderPtyAndJoinsTheUnstructuredLines() {
        BankStatement statement = Camt053.parse(resource("camt053-v08.xml"));

        assertThat(statement.account()).as("Othr/Id without an IBAN").isEqualTo("117730161111101800000000");
        StatementLine first = statement.lines().get(0);
        assertThat(first.amount()).isEqualTo("254000");
        assertThat(first.currency()).isEqualTo("HUF");
        assertThat(first.entryReference()).as("NtryRef when there is no AcctSvcrRef on the entry").isEqualTo("2027031200017");
        assertThat(first.remittance()).isEqualTo("Számla INV-2027-000002 köszönöm");
        assertThat(first.payerName()).isEqualTo("Kovács Péter");
        StatementLine second = statement.lines().get(1);
        assertThat(second.entryReference()).as("the transaction's AcctSvcrRef").isEqualTo("OTP-TX-77813");
        assertThat(second.valueDate()).as("no ValDt: the booking date").isEqualTo(LocalDate.of(2027, 3, 12));
        assertThat(second.remittance()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"02", "03", "04", "05", "06", "07", "08"})
    void everyVersionFrom02To08IsReadByItsNamespace(String version) {
        String xml = new String(resource("camt053-v02.xml"), StandardCharsets.UTF_8).replace("camt.053.001.02", "camt.053.001." + version);
        assertThat(Camt053.parse(xml.getBytes(StandardCharsets.UTF_8)).lines()).hasSize(3);
    }

    @Test
    void anEntityThatWouldReadALocalFileIsRefusedAndNothingOfTheFileIsRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt>"
                + "</BkToCstmrStmt></Document>";
        assertThatThrownBy(() -> Camt053.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableStatement.class).hasMessageContaining("DTD").hasMessageNotContaining("TOP-SECRET")
                .extracting(e -> ((UnreadableStatement) e).field()).isEqualTo("body");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not xml at all|body|not well-formed XML",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02\"/>|body|not a camt.053 statement",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.09\"/>|body|not a camt.053 statement",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt/></Document>|BkToCstmrStmt/Stmt|missing",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>1</Id></Stmt></BkToCstmrStmt></Document>|Stmt[1]/Acct|missing",
    })
    void aFileThatIsNoCamt053IsRefusedNamingWhere(String xml, String field, String message) {
        assertThatThrownBy(() -> Camt053.parse(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableStatement.class).hasMessageContaining(message)
                .extracting(e -> ((UnreadableStatement) e).field()).isEqualTo(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<Amt Ccy=\"TRY\">1440.00</Amt>|<Amt Ccy=\"TRY\">1440.005</Amt>|Stmt[1]/Ntry[1]/Amt|more decimals",
            "<Amt Ccy=\"TRY\">1440.00</Amt>|<Amt Ccy=\"TRY\">-5</Amt>|Stmt[1]/Ntry[1]/Amt|positive",
            "<Amt Ccy=\"TRY\">1440.00</Amt>|<Amt Ccy=\"XXY\">1440.00</Amt>|Stmt[1]/Ntry[1]/Amt|ISO 4217",
            "<Amt Ccy=\"TRY\">1440.00</Amt>|<Amt Ccy=\"TRY\">abc</Amt>|Stmt[1]/Ntry[1]/Amt|not a decimal",
            "<CdtDbtInd>DBIT</CdtDbtInd>|<CdtDbtInd>OUT</CdtDbtInd>|Stmt[1]/Ntry[2]/CdtDbtInd|CRDT or DBIT",
            "<BookgDt><Dt>2027-03-10</Dt></BookgDt>|<BookgDt><Dt>2027-02-30</Dt></BookgDt>|Stmt[1]/Ntry[1]/BookgDt|Dt",
    })
    void anEntryThatCannotBeRightIsRefusedNamingItsElement(String valid, String wrong, String field, String message) {
        String xml = new String(resource("camt053-v02.xml"), StandardCharsets.UTF_8).replaceFirst(java.util.regex.Pattern.quote(valid),
                java.util.regex.Matcher.quoteReplacement(wrong));
        assertThatThrownBy(() -> Camt053.parse(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableStatement.class).hasMessageContaining(message)
                .extracting(e -> ((UnreadableStatement) e).field()).isEqualTo(field);
    }
}
