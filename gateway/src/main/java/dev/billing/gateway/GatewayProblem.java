package dev.billing.gateway;

import org.springframework.http.HttpStatus;

/** A refused request to the gateway's own API (staff users, machine clients): its status, the field at fault (or null), and what is wrong. */
public class GatewayProblem extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    public GatewayProblem(HttpStatus status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static GatewayProblem badRequest(String field, String message) {
        return new GatewayProblem(HttpStatus.BAD_REQUEST, field, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }
}
