package dev.billing.dispute.attachment;

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
 * A file above the multipart limits ({@code spring.servlet.multipart}: 10 MB a file) is refused by the container
 * before any controller runs; this answers it as problem+json naming {@code files}, like every other refused input.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UploadProblems {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        String message = "each file must be at most 10 MB, at most " + AttachmentRules.MAX_FILES + " files per message";
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "files: " + message);
        body.setTitle("File too large");
        body.setType(URI.create("https://billing.dev/problems/invalid-field"));
        body.setProperty("field", "files");
        body.setProperty("errors", List.of(Map.of("field", "files", "message", message)));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body);
    }
}
