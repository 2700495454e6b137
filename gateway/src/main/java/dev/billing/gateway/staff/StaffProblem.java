package dev.billing.gateway.staff;

import org.springframework.http.HttpStatus;

/** A refused staff-user request: its status, the field at fault (or null), and what is wrong. */
public class StaffProblem extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    StaffProblem(HttpStatus status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static StaffProblem badRequest(String field, String message) {
        return new StaffProblem(HttpStatus.BAD_REQUEST, field, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }
}
