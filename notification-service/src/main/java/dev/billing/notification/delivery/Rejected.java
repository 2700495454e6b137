package dev.billing.notification.delivery;

/**
 * The provider refused a message for good (an invalid number, a template it does not know, a recipient who blocked
 * us): trying again cannot help, so the message fails at once, and the refusal is not held against the provider's
 * circuit breaker.
 */
public class Rejected extends Exception {
    public Rejected(String reason) {
        super(reason);
    }
}
