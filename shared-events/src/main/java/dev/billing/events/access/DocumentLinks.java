package dev.billing.events.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring links that open one document for a customer without a login ({@code /d/{token}} at the
 * gateway). A token is {@code base64url(kind.id.expiry)} + {@code .} + {@code base64url(HMAC-SHA256)}; it is
 * computed, not stored, so every holder of the keys makes and checks the same links. Keys come newest
 * first ({@code LINK_SIGNING_KEYS}, comma-separated): links are signed with the first and accepted with
 * any, so a key can be rotated in without breaking the links already sent.
 */
public final class DocumentLinks {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    /**
     * The key of local runs and tests when {@code LINK_SIGNING_KEYS} is not set; known to everyone, so the
     * {@code production} profile refuses to start with it.
     */
    public static final String LOCAL_ONLY_KEY = "local-only-document-link-key-not-for-production";
    /** Below this a key is guessable; an HMAC-SHA256 key should have at least 32 bytes. */
    public static final int MIN_KEY_LENGTH = 32;

    /** What a link opens: a document ({@code /d/{token}}) or, without a {@link #path()}, the payment portal ({@code /p/{token}}). */
    public enum Kind {
        INVOICE_PDF("invoice-pdf", "/api/invoices/{id}/pdf"),
        /** The storno document of a cancelled invoice (the id is the invoice's). */
        STORNO_PDF("storno-pdf", "/api/invoices/{id}/storno.pdf"),
        /** The portal for paying one invoice (the id is the invoice's). */
        INVOICE_PAYMENT("invoice-payment", null),
        /** The portal for paying all of a customer's open invoices together (the id is the customer's). */
        ACCOUNT_PAYMENT("account-payment", null);

        private final String code;
        private final String path;

        Kind(String code, String path) {
            this.code = code;
            this.path = path;
        }

        /** Where invoice-service serves the document, {@code {id}} to be filled; null for a payment link. */
        public String path() {
            return path;
        }

        /** Whether it opens the payment portal rather than a document. */
        public boolean payment() {
            return path == null;
        }

        static Optional<Kind> of(String code) {
            return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
        }
    }

    /** A verified link: the document it opens and until when. */
    public record Document(Kind kind, UUID id, Instant expires) {
    }

    private final List<byte[]> keys;

    private DocumentLinks(List<byte[]> keys) {
        this.keys = keys;
    }

    /** Keys newest first, comma-separated, each at least {@link #MIN_KEY_LENGTH} characters. */
    public static DocumentLinks withKeys(String commaSeparatedKeys) {
        List<byte[]> keys = Arrays.stream(commaSeparatedKeys == null ? new String[0] : commaSeparatedKeys.split(","))
                .map(String::trim).filter(key -> !key.isEmpty())
                .map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("LINK_SIGNING_KEYS holds no key");
        }
        if (keys.stream().anyMatch(key -> key.length < MIN_KEY_LENGTH)) {
            throw new IllegalArgumentException("every key in LINK_SIGNING_KEYS needs at least " + MIN_KEY_LENGTH + " characters");
        }
        return new DocumentLinks(keys);
    }

    /** The token of a link to the document, valid until {@code expires}, signed with the newest key. */
    public String token(Kind kind, UUID id, Instant expires) {
        String payload = kind.code + "." + id + "." + expires.getEpochSecond();
        return ENCODE.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODE.encodeToString(mac(keys.get(0), payload));
    }

    /** The document a token opens at {@code now}; empty if it is malformed, signed with no known key, or expired. */
    public Optional<Document> open(String token, Instant now) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        String payload;
        byte[] signature;
        try {
            payload = new String(DECODE.decode(parts[0]), StandardCharsets.UTF_8);
            signature = DECODE.decode(parts[1]);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // the decoder ignores the unused low bits of the last character: another last character may decode to the same
        // bytes, so only the one spelling this class writes is a link (a changed character never opens the same document)
        if (!ENCODE.encodeToString(payload.getBytes(StandardCharsets.UTF_8)).equals(parts[0])
                || !ENCODE.encodeToString(signature).equals(parts[1])) {
            return Optional.empty();
        }
        boolean signed = false;
        for (byte[] key : keys) {
            // constant-time comparison, and every key is tried: the time taken says nothing about the signature
            signed |= MessageDigest.isEqual(mac(key, payload), signature);
        }
        if (!signed) {
            return Optional.empty();
        }
        String[] fields = payload.split("\\.", -1);
        if (fields.length != 3) {
            return Optional.empty();
        }
        try {
            Instant expires = Instant.ofEpochSecond(Long.parseLong(fields[2]));
            return Kind.of(fields[0]).filter(kind -> now.isBefore(expires))
                    .map(kind -> new Document(kind, UUID.fromString(fields[1]), expires));
        } catch (IllegalArgumentException | java.time.DateTimeException malformed) {
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
