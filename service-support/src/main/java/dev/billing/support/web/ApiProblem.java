package dev.billing.support.web;

import org.springframework.http.HttpStatus;

/** A request the service refuses, answered as RFC 9457 problem+json naming the field at fault. */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final String field;

    public ApiProblem(HttpStatus status, String title, String field, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", field, field + ": " + detail);
    }

    public static ApiProblem unprocessable(String field, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Request cannot be processed", field, field + ": " + detail);
    }

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", null, what + " " + id + " does not exist");
    }

    public static ApiProblem notFound(String field, String what, Object id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", field, what + " " + id + " does not exist");
    }

    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", field, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
