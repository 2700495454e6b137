package dev.billing.invoice.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import java.math.BigDecimal;
import java.util.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDFs read back with PDFBox: the customer's language, its letters and its number format. */
class InvoicePdfTest {
    private static final InvoicePdf PDF = new InvoicePdf(SampleInvoices.SELLER, new XhtmlPdf());

    private static String text(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            // a no-break space would read as U+00A0; none is expected, this only keeps a failure readable
            return new PDFTextStripper().getText(document).replace('\u00A0', ' ');
        }
    }

    @Test
    void turkishInvoiceKeepsTurkishLettersLabelsAndNumberFormat() throws IOException {
        Invoice invoice = SampleInvoices.issued("tr", "TRY", "Gülşen Ötüken Ağaç İşleri",
                "Çağrı merkezi – İstanbul", "Basılı broşür (ışıklı)", "Danışmanlık ücreti");

        String text = text(PDF.invoice(invoice));

        // short texts: a longer one could wrap inside its table cell and read back with a line break in it
        assertThat(text).contains("Gülşen Ötüken Ağaç İşleri", "Çağrı merkezi – İstanbul", "Basılı broşür (ışıklı)",
                "Billing Platform A.Ş.", "Büyükdere Cad. No: 1");
        for (String letter : new String[] {"ş", "ğ", "İ", "ı", "ç", "ö", "ü", "Ş", "Ç", "Ö"}) {
            assertThat(text).as("letter %s", letter).contains(letter);
        }
        assertThat(text).contains("Fatura", "Fatura No", "INV-2027-000123", "Tarih", "Son ödeme tarihi", "Ara toplam", "KDV",
                "Genel toplam", "Açıklama", "Miktar", "Birim fiyat", "Vergi No", "1234567890");
        assertThat(text).contains("01.03.2027", "16.03.2027");
        assertThat(text).contains("10.500,00 TRY", "1.925,00 TRY", "12.425,00 TRY", "9.000,00", "2,50", "%20", "%10");
        assertThat(text).doesNotContain("İptal Faturası", "Invoice", "Számla");
    }

    @Test
    void hungarianInvoiceUsesHungarianLabelsAndSpacesBetweenThousands() throws IOException {
        Invoice invoice = SampleInvoices.issued("hu", "EUR", "Őrlő és Fűrész Kft.",
                "Tárhely – éves díj", "Szórólap", "Tanácsadás (gyűlés)");

        String text = text(PDF.invoice(invoice));

        assertThat(text).contains("Őrlő és Fűrész Kft.", "Tárhely – éves díj", "Tanácsadás (gyűlés)");
        assertThat(text).contains("ő", "ű", "Ő", "á", "é");
        assertThat(text).contains("Számla", "Kelte", "Fizetési határidő", "Teljesítés dátuma", "Nettó", "ÁFA", "Bruttó",
                "Megnevezés", "Egységár");
        assertThat(text).contains("2027.03.01.", "2027.03.16.");
        assertThat(text).contains("10 500,00 EUR", "1 925,00 EUR", "12 425,00 EUR", "20%", "10%", "0%");
    }

    @Test
    void forintAmountsHaveNoDecimals() throws IOException {
        Invoice invoice = SampleInvoices.issued("hu", "HUF", "Kovács és Társa Kft.", "Tárhely", "Domain", "Beállítás");

        String text = text(PDF.invoice(invoice));

        assertThat(text).contains("10 500 HUF", "1 925 HUF", "12 425 HUF");
    }

    @Test
    void controlCharactersThatSlippedIntoAnInvoiceNeverStopThePdf() throws IOException {
        Invoice dirty = SampleInvoices.issued("tr", "TRY", "Yıldız\u0007 Ajans\u0000", "Kampanya\u001b yönetimi", "Broşür\uffff", "Danışmanlık");

        assertThat(text(PDF.invoice(dirty))).contains("Yıldız Ajans", "Kampanya yönetimi", "Broşür");
    }

    @Test
    void forintAmountsWithDecimalsAreRoundedToWholeForints() throws IOException {
        // 3 x 99.50 = 298.50 -> 299 net; 27 % of 299 = 80.73 -> 81; total 380
        Invoice invoice = SampleInvoices.issued("hu", "HUF", "Kovács és Társa Kft.", List.of(new InvoiceCalculator.LineInput(
                "Tárhely", new BigDecimal("3"), new BigDecimal("99.50"), BigDecimal.ZERO, new BigDecimal("27"))));

        String text = text(PDF.invoice(invoice));

        assertThat(text).contains("Tárhely 3 99,5 27 299", "299 HUF", "81 HUF", "380 HUF").doesNotContain("298,5", "80,73");
    }

    @Test
    void englishInvoiceForAnyOtherLanguage() throws IOException {
        Invoice invoice = SampleInvoices.issued("de", "EUR", "Müller GmbH", "Hosting", "Flyers", "Consulting <b>&</b>");

        String text = text(PDF.invoice(invoice));

        assertThat(text).contains("Invoice", "Invoice no.", "Issue date", "Due date", "Subtotal", "Total", "Müller GmbH");
        assertThat(text).contains("10,500.00 EUR", "12,425.00 EUR", "1 Mar 2027");
        assertThat(text).as("markup in a description is printed, not interpreted").contains("Consulting <b>&</b>");
    }

    @Test
    void stornoReversesTheAmountsUnderItsOwnNumberAndNamesTheOriginal() throws IOException {
        Invoice invoice = SampleInvoices.cancelled(SampleInvoices.issued("tr", "TRY", "Yıldız Ajans A.Ş.",
                "Kampanya yönetimi", "Basılı broşür", "Danışmanlık"), "STR-2027-000007", "Yanlış müşteri");

        String text = text(PDF.storno(invoice, LocalDate.of(2027, 3, 5), List.of()));

        assertThat(text).contains("İptal Faturası", "İptal Faturası No", "STR-2027-000007", "İptal edilen fatura",
                "INV-2027-000123", "05.03.2027", "Yanlış müşteri", "Yıldız Ajans A.Ş.");
        assertThat(text).contains("-12.425,00 TRY", "-10.500,00 TRY", "-1.925,00 TRY");
        assertThat(text).doesNotContain("Son ödeme tarihi");
    }

    @Test
    void aStornoAfterACreditNoteReversesOnlyWhatStillStands() throws IOException {
        Invoice invoice = SampleInvoices.cancelled(SampleInvoices.issued("tr", "TRY", "Yıldız Ajans A.Ş.",
                "Kampanya yönetimi", "Basılı broşür", "Danışmanlık"), "STR-2027-000009", null);
        // the brochures (1,250.00 + 10 % KDV) were credited before the storno
        List<InvoiceCalculator.TaxRate> credited = List.of(
                new InvoiceCalculator.TaxRate(new BigDecimal("10"), new BigDecimal("1250.00"), new BigDecimal("125.00")));

        String text = text(PDF.storno(invoice, LocalDate.of(2027, 3, 5), credited));

        assertThat(text).contains("Daha önce iade faturasıyla düşülen", "1.250,00", "-9.250,00 TRY", "-1.800,00 TRY",
                "-11.050,00 TRY");
        assertThat(text).doesNotContain("-12.425,00 TRY");
    }

    @Test
    void hungarianStornoIsASztornoSzamla() throws IOException {
        Invoice invoice = SampleInvoices.cancelled(SampleInvoices.issued("hu", "EUR", "Őrlő és Fűrész Kft.",
                "Tárhely", "Domain", "Beállítás"), "STR-2027-000008", null);

        String text = text(PDF.storno(invoice, LocalDate.of(2027, 3, 5), List.of()));

        assertThat(text).contains("Sztornó számla", "STR-2027-000008", "Eredeti számla", "INV-2027-000123", "2027.03.05.",
                "-12 425,00 EUR");
    }

    @Test
    void aDraftHasNoDocument() {
        Invoice draft = SampleInvoices.draft(SampleInvoices.issued("en", "EUR", "Draft Ltd.", "a", "b", "c"));

        assertThatThrownBy(() -> PDF.invoice(draft)).isInstanceOf(IllegalArgumentException.class);
    }
}
