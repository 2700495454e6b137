package dev.billing.dispute.attachment;

import dev.billing.support.web.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two halves of a multipart request: its JSON part ({@code dispute} or {@code message}, read like a JSON body,
 * refusals naming the part) and its {@code files}; and a file sent back, always as a download.
 */
@Component
public class Uploads {
    private final JsonMapper json;

    Uploads(JsonMapper json) {
        this.json = json;
    }

    public <T> T part(String name, String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest(name, "is required: the multipart part \"" + name + "\" with the JSON of the request");
        }
        try {
            T value = json.readValue(text, type);
            if (value == null) {
                throw ApiProblem.badRequest(name, "must be a JSON object");
            }
            return value;
        } catch (JacksonException e) {
            throw ApiProblem.badRequest(name, "is not valid JSON for this request: " + e.getOriginalMessage());
        }
    }

    public static List<AttachmentRules.Upload> of(List<MultipartFile> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream().filter(file -> file != null).map(file -> {
            try {
                return new AttachmentRules.Upload(file.getOriginalFilename(), file.getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read an uploaded file", e);
            }
        }).toList();
    }

    /** A stored file, as a download (never inline: it is whatever someone uploaded), with its detected type. */
    public static ResponseEntity<byte[]> download(String fileName, String contentType, byte[] bytes) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(contentType))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8)
                        .build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes);
    }
}
