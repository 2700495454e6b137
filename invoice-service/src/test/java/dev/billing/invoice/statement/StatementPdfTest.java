package dev.billing.invoice.statement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.invoice.document.DocumentLanguage;
import dev.billing.invoice.document.SampleInvoices;
import dev.billing.invoice.document.XhtmlPdf;
import dev.billing.invoice.statement.Statement.Entry;
import dev.billing.invoice.statement.Statement.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The statement PDF read back with PDFBox: labels, numbers and dates in the chosen language, one table per currency. */
class StatementPdfTest {
    private static final StatementPdf PDF = new StatementPdf(SampleInvoices.SELLER, new XhtmlPdf());
    private static final UUID CUSTOMER = UUID.fromString("7d1a6b52-1f0e-4c1e-9d0a-3f5b2c4e6a10");
    private static final StatementPeriod MARCH = new StatementPeriod(java.time.LocalDate.parse("2027-03-01"), java.time.LocalDate.parse("2027-03-31"));
    private static final UUID INVOICE = UUID.randomUUID();

    private static final List<Statement> STATEMENTS = List.of(
            Statement.of("EUR", new BigDecimal("0.00"), List.of()),
            Statement.of("TRY", new BigDecimal("1000.00"), List.of(
                    new Entry(LocalDate.of(2027, 3, 1), Instant.parse("2027-03-01T07:00:00Z"), Kind.INVOICE, "INV-2027-000123",
                            INVOICE, "INV-2027-000123", null, new BigDecimal("12425.00")),
                    new Entry(LocalDate.of(2027, 3, 4), Instant.parse("2027-03-04T07:00:00Z"), Kind.CREDIT_NOTE, "CRN-2027-000007",
                            INVOICE, "INV-2027-000123", null, new BigDecimal("425.00")),
                    new Entry(LocalDate.of(2027, 3, 9), Instant.parse("2027-03-09T07:00:00Z"), Kind.PAYMENT, "pay-77",
                            INVOICE, "INV-2027-000123", UUID.randomUUID(), new BigDecimal("5000.00")))));

    private static String text(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replace('\u00A0', ' ');
        }
    }

    @Test
    void turkishStatementHasItsLabelsDatesAndAmounts() throws IOException {
        String text = text(PDF.render(CUSTOMER, "Gülşen Ötüken Ağaç İşleri", MARCH, STATEMENTS, DocumentLanguage.TR));

        assertThat(text).contains("Hesap Ekstresi", "Dönem", "01.03.2027 – 31.03.2027", "Müşteri", "Gülşen Ötüken Ağaç İşleri",
                "Satıcı", "Billing Platform A.Ş.", "Devreden bakiye", "Dönem sonu bakiyesi", "Borç", "Alacak", "Bakiye",
                "Dönem toplamı", "İade faturası", "Ödeme", "Bu dönemde hareket yok.");
        assertThat(text).contains("INV-2027-000123", "CRN-2027-000007", "pay-77");
        // opening 1.000,00; the invoice 12.425,00 → 13.425,00; the credit note → 13.000,00; the payment → 8.000,00
        assertThat(text).contains("1.000,00", "12.425,00", "13.425,00", "425,00", "13.000,00", "5.000,00", "8.000,00 TRY",
                "0,00 EUR");
        assertThat(text).doesNotContain("Statement of account", "Folyószámla");
    }

    @Test
    void hungarianStatementUsesHungarianLabelsAndSeparators() throws IOException {
        String text = text(PDF.render(CUSTOMER, "Őrlő és Fűrész Kft.", MARCH, STATEMENTS, DocumentLanguage.HU));

        assertThat(text).contains("Folyószámla-kivonat", "Időszak", "2027.03.01. – 2027.03.31.", "Őrlő és Fűrész Kft.",
                "Nyitó egyenleg", "Záró egyenleg", "Tartozik", "Követel", "Egyenleg", "Jóváíró számla", "Befizetés");
        assertThat(text).contains("12 425,00", "8 000,00 TRY");
    }

    @Test
    void aCustomerWithoutANameHereIsPrintedByItsId() throws IOException {
        String text = text(PDF.render(CUSTOMER, null, MARCH, List.of(), DocumentLanguage.EN));

        assertThat(text).contains("Statement of account", CUSTOMER.toString(), "No entries in this period.");
    }
}
