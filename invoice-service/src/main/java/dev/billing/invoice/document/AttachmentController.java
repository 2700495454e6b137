package dev.billing.invoice.document;

import dev.billing.support.web.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Files attached to an invoice (MiniCRM's file field): {@code POST /api/invoices/{id}/attachments}
 * as multipart/form-data with a part named {@code file} (at most 10 MB), {@code GET} the list, and
 * {@code GET .../attachments/{attachmentId}} the file itself.
 */
@RestController
@RequestMapping("/api/invoices/{id}/attachments")
public class AttachmentController {
    public static final long MAX_FILE_SIZE = 10L * 1024 * 1024;
    private final Attachments attachments;
    private final Clock clock;

    public AttachmentController(Attachments attachments, Clock clock) {
        this.attachments = attachments;
        this.clock = clock;
    }

    public record AttachmentResource(UUID id, UUID invoiceId, String filename, String contentType, long size,
                                     Instant createdAt, String downloadPath) {
        static AttachmentResource of(Attachments.Attachment a) {
            return new AttachmentResource(a.id(), a.invoiceId(), a.filename(), a.contentType(), a.size(), a.createdAt(),
                    "/api/invoices/" + a.invoiceId() + "/attachments/" + a.id());
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<AttachmentResource> upload(@PathVariable UUID id,
                                                     @RequestParam(name = "file", required = false) MultipartFile file) {
        requireInvoice(id);
        if (file == null) {
            throw ApiProblem.badRequest("file", "is required: send the file as the multipart part named \"file\"");
        }
        if (file.isEmpty()) {
            throw ApiProblem.badRequest("file", "must not be empty");
        }
        if (file.getSize() > MAX_FILE_SIZE) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "File too large", "file", "file: must be at most 10 MB");
        }
        Attachments.Attachment attachment = new Attachments.Attachment(UUID.randomUUID(), id,
                AttachmentFilename.sanitize(file.getOriginalFilename()), contentType(file.getContentType()), file.getSize(),
                clock.instant());
        attachments.add(attachment, bytes(file));
        return ResponseEntity.created(URI.create("/api/invoices/" + id + "/attachments/" + attachment.id()))
                .body(AttachmentResource.of(attachment));
    }

    @GetMapping
    public List<AttachmentResource> list(@PathVariable UUID id) {
        requireInvoice(id);
        return attachments.list(id).stream().map(AttachmentResource::of).toList();
    }

    @GetMapping("/{attachmentId}")
    public ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        Attachments.Content content = attachments.find(id, attachmentId)
                .orElseThrow(() -> ApiProblem.notFound("Attachment", attachmentId));
        // always a download, never shown inline: the file is whatever someone uploaded, and must not run as a page of ours
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(content.attachment().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(content.attachment().filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(content.bytes());
    }

    private void requireInvoice(UUID id) {
        if (!attachments.invoiceExists(id)) {
            throw ApiProblem.notFound("Invoice", id);
        }
    }

    /** The declared type when it is a well-formed concrete media type, otherwise plain bytes. */
    private static String contentType(String declared) {
        if (declared == null || declared.isBlank() || declared.length() > 200) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        try {
            MediaType type = MediaType.parseMediaType(declared);
            return type.isConcrete() ? type.toString() : MediaType.APPLICATION_OCTET_STREAM_VALUE;
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the uploaded file", e);
        }
    }
}
