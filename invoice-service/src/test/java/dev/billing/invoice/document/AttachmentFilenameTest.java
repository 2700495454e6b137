package dev.billing.invoice.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttachmentFilenameTest {

    @Test
    void keepsTurkishAndHungarianLetters() {
        assertThat(AttachmentFilename.sanitize("Sözleşme İş Ortaklığı – Fűrész.pdf")).isEqualTo("Sözleşme İş Ortaklığı – Fűrész.pdf");
    }

    @Test
    void keepsOnlyTheLastPathSegment() {
        assertThat(AttachmentFilename.sanitize("C:\\Users\\ayşe\\Desktop\\fatura.pdf")).isEqualTo("fatura.pdf");
        assertThat(AttachmentFilename.sanitize("../../etc/passwd")).isEqualTo("passwd");
    }

    @Test
    void dropsControlAndBidiCharactersAndComposesDecomposedLetters() {
        assertThat(AttachmentFilename.sanitize("rapor\r\n\u0000.pdf")).isEqualTo("rapor.pdf");
        assertThat(AttachmentFilename.sanitize("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(AttachmentFilename.sanitize("so\u0308zles\u0327me.pdf")).isEqualTo("sözleşme.pdf");
    }

    @Test
    void emptyOrDotsOnlyBecomesAGenericName() {
        assertThat(AttachmentFilename.sanitize(null)).isEqualTo("attachment");
        assertThat(AttachmentFilename.sanitize("   ")).isEqualTo("attachment");
        assertThat(AttachmentFilename.sanitize("..")).isEqualTo("attachment");
        assertThat(AttachmentFilename.sanitize("folder/")).isEqualTo("attachment");
    }

    @Test
    void longNamesAreCutBeforeTheExtension() {
        String name = "ş".repeat(300) + ".pdf";
        String sanitized = AttachmentFilename.sanitize(name);
        assertThat(sanitized).hasSize(AttachmentFilename.MAX_LENGTH).endsWith("ş.pdf");
        String emoji = "😀".repeat(250);
        assertThat(AttachmentFilename.sanitize(emoji).codePointCount(0, AttachmentFilename.sanitize(emoji).length()))
                .isEqualTo(AttachmentFilename.MAX_LENGTH);
    }
}
