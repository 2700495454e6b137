package dev.billing.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.core.JacksonException;

/**
 * The gateway's own answers, as RFC 9457 problem+json like the services' (framework errors such as an
 * unknown path too, with {@code spring.mvc.problemdetails.enabled}): a service that does not answer
 * within {@code GATEWAY_READ_TIMEOUT} is a 504, one that cannot be reached a 502, one whose breaker is open a 503.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's problem-details handler, which would answer an unreadable body without the field
class GatewayProblems {
    private static final Logger log = LoggerFactory.getLogger(GatewayProblems.class);
    private final Duration breakerOpenFor;

    GatewayProblems(@Value("${GATEWAY_BREAKER_OPEN_FOR:10s}") Duration breakerOpenFor) {
        this.breakerOpenFor = breakerOpenFor;
    }

    /** A refused call to the gateway's own API: 401 without a valid token (the entry point adds WWW-Authenticate). */
    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "This endpoint needs an access token: Authorization: Bearer <token> (POST /oauth2/token)");
        body.setTitle("Unauthorized");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(body);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "Your roles do not allow " + request.getMethod() + " " + request.getRequestURI());
        body.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(body);
    }

    /** Bad input to the gateway's own API: the field at fault, as the services name it ({@code field}, {@code errors}). */
    @ExceptionHandler(GatewayProblem.class)
    ResponseEntity<ProblemDetail> gatewayProblem(GatewayProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.status().getReasonPhrase());
        if (problem.field() != null) {
            if (problem.status() == HttpStatus.BAD_REQUEST) {
                body.setType(URI.create("https://billing.dev/problems/invalid-field"));
            }
            body.setProperty("field", problem.field());
            body.setProperty("errors", List.of(Map.of("field", problem.field(), "message", problem.getMessage())));
        }
        return ResponseEntity.status(problem.status()).body(body);
    }

    /** The service's breaker is open ({@code ServiceBreakers}): it kept failing, so the gateway does not call it for now. */
    @ExceptionHandler(CallNotPermittedException.class)
    ResponseEntity<ProblemDetail> breakerOpen(CallNotPermittedException e) {
        log.warn("Service call not made: {}", e.getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service has been failing; the gateway does not call it for a few seconds. Try again shortly.");
        body.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Long.toString(Math.max(1, breakerOpenFor.toSeconds()))).body(body);
    }

    /** A body the gateway's own API cannot read: 400, naming the field when the JSON had the wrong type there. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        String field = null;
        for (Throwable cause = e.getCause(); cause != null && field == null; cause = cause.getCause()) {
            if (cause instanceof JacksonException mapping && !mapping.getPath().isEmpty()) {
                field = mapping.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
            }
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field == null
                ? "The request body is not valid JSON for this endpoint" : field + ": has the wrong type or format");
        body.setTitle("Bad Request");
        if (field != null) {
            body.setType(URI.create("https://billing.dev/problems/invalid-field"));
            body.setProperty("field", field);
            body.setProperty("errors", List.of(Map.of("field", field, "message", "has the wrong type or format")));
        }
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> unreachable(ResourceAccessException e) {
        Throwable cause = e.getCause();
        // a connect timeout is a service that cannot be reached (502), only a read timeout one that did not answer (504)
        boolean connectTimeout = cause instanceof java.net.http.HttpConnectTimeoutException
                || (cause != null && cause.getClass().getSimpleName().equals("ConnectTimeoutException"));
        boolean timedOut = !connectTimeout && (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException);
        HttpStatus status = timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        log.warn("Service call failed ({}): {}", status.value(), e.getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, timedOut
                ? "The service did not answer in time" : "The service cannot be reached");
        body.setTitle(timedOut ? "Gateway timeout" : "Bad gateway");
        return ResponseEntity.status(status).body(body);
    }
}
