package dev.billing.events.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.access.DocumentLinks.Kind;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentLinksTest {
    private static final String OLD_KEY = "old-key-0123456789-0123456789-0123456789";
    private static final String NEW_KEY = "new-key-0123456789-0123456789-0123456789";
    private static final Instant NOW = Instant.parse("2027-01-10T12:00:00Z");
    private static final UUID INVOICE = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000001");

    @Test
    void aLinkOpensItsDocumentUntilItExpires() {
        DocumentLinks links = DocumentLinks.withKeys(NEW_KEY);
        String token = links.token(Kind.INVOICE_PDF, INVOICE, NOW.plusSeconds(60));

        assertThat(links.open(token, NOW)).hasValueSatisfying(document -> {
            assertThat(document.kind()).isEqualTo(Kind.INVOICE_PDF);
            assertThat(document.id()).isEqualTo(INVOICE);
        });
        assertThat(links.open(token, NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    void aLinkSignedWithTheOlderKeyStillOpensAfterANewKeyIsAddedInFront() {
        String token = DocumentLinks.withKeys(OLD_KEY).token(Kind.INVOICE_PDF, INVOICE, NOW.plusSeconds(60));

        assertThat(DocumentLinks.withKeys(NEW_KEY + "," + OLD_KEY).open(token, NOW)).isPresent();
        assertThat(DocumentLinks.withKeys(NEW_KEY).open(token, NOW)).as("once the old key is removed").isEmpty();
    }

    @Test
    void aTamperedLinkOpensNothing() {
        DocumentLinks links = DocumentLinks.withKeys(NEW_KEY);
        String token = links.token(Kind.INVOICE_PDF, INVOICE, NOW.plusSeconds(60));
        String otherInvoice = links.token(Kind.INVOICE_PDF, UUID.randomUUID(), NOW.plusSeconds(60));
        String longerLife = links.token(Kind.INVOICE_PDF, INVOICE, NOW.plusSeconds(6_000));

        assertThat(links.open(otherInvoice.split("\\.")[0] + "." + token.split("\\.")[1], NOW)).isEmpty();
        assertThat(links.open(longerLife.split("\\.")[0] + "." + token.split("\\.")[1], NOW)).isEmpty();
        for (String malformed : new String[] {"", ".", "abc", "a.b.c", token + "x", "%%%." + token.split("\\.")[1], null}) {
            assertThat(links.open(malformed, NOW)).as(String.valueOf(malformed)).isEmpty();
        }
    }

    @Test
    void aLinkWhoseLastCharacterIsChangedOpensNothingEvenWhereTheDecoderReadsTheSameBytes() {
        DocumentLinks links = DocumentLinks.withKeys(NEW_KEY);
        String token = links.token(Kind.INVOICE_PAYMENT, INVOICE, NOW.plusSeconds(60));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // a 32-byte signature is 43 characters: the last one carries 4 bits and 2 unused ones, which the decoder ignores
        char last = token.charAt(token.length() - 1);
        String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(sameBytes.split("\\.")[1]))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));

        assertThat(links.open(sameBytes, NOW)).isEmpty();
        assertThat(links.open(token, NOW)).isPresent();
    }

    @Test
    void aShortOrMissingKeyIsRefused() {
        assertThatThrownBy(() -> DocumentLinks.withKeys("short")).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> DocumentLinks.withKeys(" , ")).hasMessageContaining("no key");
        assertThatThrownBy(() -> DocumentLinks.withKeys(null)).hasMessageContaining("no key");
    }
}
