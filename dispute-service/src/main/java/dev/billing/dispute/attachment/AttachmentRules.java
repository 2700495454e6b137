package dev.billing.dispute.attachment;

import dev.billing.support.web.ApiProblem;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * What may be attached to a message: at most {@value #MAX_FILES} files, each at most 10 MB, each a PDF, JPEG or PNG by
 * its content (its first bytes, the magic numbers), whatever its name or declared type says: an {@code .exe} renamed
 * {@code .pdf} is refused. The type kept is the detected one. Names are kept as the last path segment, NFC, without
 * control or bidi characters, at most 200 characters. Refusals name {@code files}: 400, or 413 for a file too large.
 */
public final class AttachmentRules {
    public static final int MAX_FILES = 5;
    public static final long MAX_FILE_SIZE = 10L * 1024 * 1024;
    public static final int MAX_NAME_LENGTH = 200;

    /** A file as it came: the name the client gave, and its bytes. */
    public record Upload(String fileName, byte[] bytes) {
    }

    /** A file that passed: its cleaned name, detected type and size. */
    public record Checked(String fileName, String contentType, byte[] bytes) {
        public long size() {
            return bytes.length;
        }
    }

    public static List<Checked> check(List<Upload> uploads) {
        if (uploads == null || uploads.isEmpty()) {
            return List.of();
        }
        if (uploads.size() > MAX_FILES) {
            throw ApiProblem.badRequest("files", "at most " + MAX_FILES + " files per message (" + uploads.size() + " were sent)");
        }
        List<Checked> checked = new ArrayList<>();
        for (Upload upload : uploads) {
            String name = fileName(upload.fileName());
            byte[] bytes = upload.bytes();
            if (bytes == null || bytes.length == 0) {
                throw ApiProblem.badRequest("files", name + " is empty");
            }
            if (bytes.length > MAX_FILE_SIZE) {
                throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "File too large", "files", "files: " + name + " is larger than 10 MB");
            }
            String type = detectedType(bytes);
            if (type == null) {
                throw ApiProblem.badRequest("files", name + " is not a PDF, JPEG or PNG file (by its content)");
            }
            checked.add(new Checked(name, type, bytes));
        }
        return List.copyOf(checked);
    }

    /** application/pdf, image/jpeg or image/png by the file's first bytes; null for anything else. */
    public static String detectedType(byte[] bytes) {
        if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46, 0x2D)) { // %PDF-
            return "application/pdf";
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    static String fileName(String submitted) {
        if (submitted == null) {
            return "attachment";
        }
        String name = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC).replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "").strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            return "attachment";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            String base = name.substring(0, name.length() - extension.length());
            int keep = MAX_NAME_LENGTH - extension.codePointCount(0, extension.length());
            name = base.substring(0, base.offsetByCodePoints(0, keep)) + extension;
        }
        return name;
    }

    private AttachmentRules() {
    }
}
