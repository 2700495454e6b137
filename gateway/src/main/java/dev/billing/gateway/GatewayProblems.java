package dev.billing.gateway;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

/**
 * The gateway's own answers, as RFC 9457 problem+json like the services' (framework errors such as an
 * unknown path too, with {@code spring.mvc.problemdetails.enabled}): a service that does not answer
 * within {@code GATEWAY_READ_TIMEOUT} is a 504, one that cannot be reached a 502.
 */
@RestControllerAdvice
class GatewayProblems {
    private static final Logger log = LoggerFactory.getLogger(GatewayProblems.class);

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
