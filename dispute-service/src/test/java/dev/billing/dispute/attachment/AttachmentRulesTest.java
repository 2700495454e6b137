package dev.billing.dispute.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class AttachmentRulesTest {
    static final byte[] PDF = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0};

    @Test
    void pdfJpegAndPngAreKnownByTheirFirstBytesAndKeepTheDetectedType() {
        List<AttachmentRules.Checked> checked = AttachmentRules.check(List.of(new AttachmentRules.Upload("fatura.pdf", PDF),
                new AttachmentRules.Upload("photo.JPG", JPEG), new AttachmentRules.Upload("C:\\Users\\a\\ekran.png", PNG)));
        assertThat(checked).extracting(AttachmentRules.Checked::contentType).containsExactly("application/pdf", "image/jpeg", "image/png");
        assertThat(checked.get(2).fileName()).isEqualTo("ekran.png");
    }

    @Test
    void anExeRenamedPdfIsRefusedNamingFiles() {
        assertThatThrownBy(() -> AttachmentRules.check(List.of(new AttachmentRules.Upload("invoice.pdf", EXE))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(p.field()).isEqualTo("files");
                });
        assertThatThrownBy(() -> AttachmentRules.check(List.of(new AttachmentRules.Upload("page.pdf",
                "<html><script>".getBytes(StandardCharsets.UTF_8))))).isInstanceOf(ApiProblem.class);
    }

    @Test
    void moreThanFiveFilesOrAnEmptyOneIsABadRequest() {
        List<AttachmentRules.Upload> six = Collections.nCopies(6, new AttachmentRules.Upload("a.pdf", PDF));
        assertThatThrownBy(() -> AttachmentRules.check(six)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.field()).isEqualTo("files"));
        assertThat(AttachmentRules.check(six.subList(0, 5))).hasSize(5);
        assertThatThrownBy(() -> AttachmentRules.check(List.of(new AttachmentRules.Upload("a.pdf", new byte[0]))))
                .isInstanceOf(ApiProblem.class);
    }

    @Test
    void aFileAboveTenMegabytesIsTooLargeAndTenMegabytesExactlyPasses() {
        byte[] tenMb = Arrays.copyOf(PDF, 10 * 1024 * 1024);
        assertThat(AttachmentRules.check(List.of(new AttachmentRules.Upload("big.pdf", tenMb)))).hasSize(1);
        byte[] tooBig = Arrays.copyOf(PDF, 10 * 1024 * 1024 + 1);
        assertThatThrownBy(() -> AttachmentRules.check(List.of(new AttachmentRules.Upload("big.pdf", tooBig))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(p.field()).isEqualTo("files");
                });
    }

    @Test
    void aNameLosesItsPathAndBidiOverrides() {
        assertThat(AttachmentRules.fileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(AttachmentRules.fileName("report\u202Efdp.exe")).isEqualTo("reportfdp.exe");
        assertThat(AttachmentRules.fileName(null)).isEqualTo("attachment");
    }
}
