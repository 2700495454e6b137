package dev.billing.invoice.document;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload over the limit is refused by the servlet container before any controller runs, so no
 * controller can answer it; this advice does, as problem+json naming the {@code file} field like
 * every other refused input. Without it the shared handler still answers 413, only without the field.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UploadProblems {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        String message = "must be at most " + AttachmentController.MAX_FILE_SIZE / (1024 * 1024) + " MB";
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "file: " + message);
        body.setTitle("File too large");
        body.setType(URI.create("https://billing.dev/problems/invalid-field"));
        body.setProperty("field", "file");
        body.setProperty("errors", List.of(Map.of("field", "file", "message", message)));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body);
    }
}
