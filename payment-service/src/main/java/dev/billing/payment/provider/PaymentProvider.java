package dev.billing.payment.provider;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * A card payment provider behind one small interface: it starts a hosted payment for a checkout (the customer is sent
 * to its page), and answers what became of it (for the reconciliation of checkouts whose callback never came).
 * Its callbacks come to {@code /webhooks/payments/{name}}, verified by the provider's own signature.
 */
public interface PaymentProvider {

    /** {@code sandbox}, {@code iyzico}, {@code paytr}, {@code stripe}. */
    String name();

    /** Where to send the customer's browser to pay {@code amount} for the checkout. */
    String start(UUID checkoutId, String currency, BigDecimal amount, String description);

    /** What the provider knows of the checkout's payment: empty while nothing is decided. */
    Optional<Outcome> status(UUID checkoutId);

    /** A decided payment: paid under the provider's transaction id, or declined with the reason. */
    record Outcome(UUID checkoutId, boolean paid, String transactionId, BigDecimal amount, String failure) {
    }
}
