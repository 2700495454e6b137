package dev.billing.support.events;

/**
 * An event that can never be processed (unreadable, missing required data, unknown to its handler).
 * It is not retried: the binder parks it on the topic's DLQ with this message in its headers.
 */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
