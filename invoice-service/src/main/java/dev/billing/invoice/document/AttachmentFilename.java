package dev.billing.invoice.document;

import java.text.Normalizer;

/**
 * The name an uploaded file is kept under: the last path segment only (browsers on Windows send
 * {@code C:\...}), NFC (macOS sends ş as s + combining cedilla), without control or bidi-override
 * characters (which make {@code exe.pdf} read as {@code fdp.exe}), at most 200 characters.
 */
public final class AttachmentFilename {
    public static final int MAX_LENGTH = 200;
    private static final String FALLBACK = "attachment";

    public static String sanitize(String submitted) {
        if (submitted == null) {
            return FALLBACK;
        }
        String name = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC)
                .replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "")
                .strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            return FALLBACK;
        }
        return truncate(name);
    }

    /** Cuts the name, not its extension, and never between the two halves of a surrogate pair. */
    private static String truncate(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        String base = name.substring(0, name.length() - extension.length());
        return base.substring(0, base.offsetByCodePoints(0, keep)) + extension;
    }

    private AttachmentFilename() {
    }
}
