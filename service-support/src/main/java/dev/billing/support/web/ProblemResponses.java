package dev.billing.support.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.billing.support.events.ConsumerFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Every error leaves as RFC 9457 problem+json. Bad input is a 4xx that names the field
 * ({@code field}, and {@code errors} with one entry per field); a database out of reach is a 503 with
 * {@code Retry-After}; nothing unexpected leaks.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    /** When a client may ask again after a 503 for a database out of reach. */
    static final String RETRY_AFTER_SECONDS = "5";

    public record FieldMessage(String field, String message) {
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.title());
        if (problem.field() != null) {
            withFields(body, List.of(new FieldMessage(problem.field(), problem.getMessage())));
            if (problem.status() != HttpStatus.BAD_REQUEST && problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                body.setType(URI.create("about:blank"));
            }
        }
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> parameterType(MethodArgumentTypeMismatchException e) {
        return fieldProblem(HttpStatus.BAD_REQUEST, e.getName(), "has the wrong format: " + e.getValue());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraint(ConstraintViolationException e) {
        List<FieldMessage> fields = e.getConstraintViolations().stream()
                .map(v -> new FieldMessage(lastNode(v.getPropertyPath().toString()), v.getMessage())).toList();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(fields));
        body.setTitle("Invalid request");
        withFields(body, fields);
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The multipart body cannot be read");
        body.setTitle("Unreadable request");
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        if (e.getMostSpecificCause() instanceof java.sql.SQLException sql && "22003".equals(sql.getSQLState())) {
            // numeric_value_out_of_range: the checks where amounts enter should have caught it; never a misleading 409
            log.warn("A number too large for its column got past the request checks: {}", sql.getMessage());
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "A number in the request is too large to be stored");
            body.setTitle("Invalid request");
            return ResponseEntity.badRequest().body(body);
        }
        log.info("Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The change conflicts with existing data");
        body.setTitle("Conflict");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (e instanceof org.springframework.web.ErrorResponse known) {
            return ResponseEntity.status(known.getStatusCode()).body(known.getBody());
        }
        if (databaseOutOfReach(e)) {
            // a database that is down or has no connection free in time: the request may succeed when asked again
            log.warn("Answered 503, the database cannot be reached now: {}", e.toString());
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service cannot reach its database now; try again shortly");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(body);
        }
        log.error("Unexpected error", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error; it was logged");
        return ResponseEntity.internalServerError().body(body);
    }

    /** Unreachable in {@link ConsumerFailures}' sense, and through the database (not a provider refusing connections). */
    private static boolean databaseOutOfReach(Throwable error) {
        if (!ConsumerFailures.isUnreachable(error)) {
            return false;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof TransactionException || cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldMessage> fields = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            fields.add(new FieldMessage(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(g -> fields.add(new FieldMessage(g.getObjectName(), g.getDefaultMessage())));
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(fields));
        body.setTitle("Invalid request");
        withFields(body, fields);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodyLimit.BodyTooLargeException tooLarge) {
                ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                body.setTitle("Payload too large");
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(body);
            }
        }
        String field = null;
        DatabindException databind = null;
        for (Throwable cause = ex; cause != null && databind == null; cause = cause.getCause()) {
            if (cause instanceof DatabindException found) {
                databind = found;
            }
        }
        if (databind != null && !databind.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            databind.getPath().forEach(ref -> {
                if (ref.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            });
            field = path.toString();
        }
        if (field == null || field.isEmpty()) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is not valid JSON for this request");
            body.setTitle("Unreadable request");
            return ResponseEntity.badRequest().body(body);
        }
        return fieldProblem(HttpStatus.BAD_REQUEST, field, "has the wrong type or format");
    }

    private ResponseEntity<Object> fieldProblem(HttpStatus status, String field, String message) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, field + ": " + message);
        body.setTitle("Invalid request");
        withFields(body, List.of(new FieldMessage(field, message)));
        return ResponseEntity.status(status).body(body);
    }

    private static void withFields(ProblemDetail body, List<FieldMessage> fields) {
        body.setType(URI.create("https://billing.dev/problems/invalid-field"));
        body.setProperty("field", fields.get(0).field());
        body.setProperty("errors", fields.stream().map(f -> Map.of("field", f.field(), "message", String.valueOf(f.message()))).toList());
    }

    private static String describe(List<FieldMessage> fields) {
        return String.join("; ", fields.stream().map(f -> f.field() + ": " + f.message()).toList());
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
