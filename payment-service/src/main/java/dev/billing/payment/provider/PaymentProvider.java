package dev.billing.payment.provider;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * A card payment provider behind one small interface: it starts a hosted payment for a checkout (the customer is sent
 * to its page), and answers what became of it (for the reconciliation of checkouts whose callback never came).
 * Its callbacks come to {@code /webhooks/payments/{name}}, verified by the provider's own signature. Which providers
 * there are is configuration: one without its credentials is not {@link #configured()}.
 */
public interface PaymentProvider {

    /** {@code sandbox}, {@code paytr}, ... */
    String name();

    /** Whether its credentials are set: a provider that is not configured is offered nowhere. */
    default boolean configured() {
        return true;
    }

    /** Whether it takes payments in this currency. */
    default boolean accepts(String currency) {
        return true;
    }

    /** Where to send the customer's browser to pay the checkout; fails when the provider refuses or cannot be reached. */
    String start(Start checkout);

    /** What the provider knows of the checkout's payment: empty while nothing is decided (or it knows of none). */
    Optional<Outcome> status(UUID checkoutId);

    /** A checkout to pay: {@code returnUrl} is where the provider sends the customer back, paid or not. */
    record Start(UUID checkoutId, String currency, BigDecimal amount, String description, Payer payer, String returnUrl) {
    }

    /** Who pays, as providers ask for it; {@code ip} is the customer's browser's. Any part may be null. */
    record Payer(String name, String email, String phone, String ip) {
    }

    /**
     * A decided payment: paid under the provider's transaction id, {@code collected} what it took in {@code currency}
     * (more than the checkout with instalment interest; null: the provider did not say), or declined with the reason.
     */
    record Outcome(UUID checkoutId, boolean paid, String transactionId, BigDecimal collected, String currency, String failure) {
        public static Outcome declined(UUID checkoutId, String transactionId, String failure) {
            return new Outcome(checkoutId, false, transactionId, null, null, failure);
        }
    }
}
