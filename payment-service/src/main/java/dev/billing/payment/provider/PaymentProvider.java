package dev.billing.payment.provider;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A card payment provider behind one small interface: it starts a hosted payment for a checkout (the customer is sent
 * to its page), answers what became of it (for the reconciliation of checkouts whose callback never came), and gives
 * back (part of) a payment it took ({@link #refund}).
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

    /**
     * Whether a customer paying at its page can save the card there for automatic charges ({@link Start#saveCard()},
     * {@link #chargeSaved}).
     */
    default boolean savesCards() {
        return false;
    }

    /**
     * Charges a saved card without the customer (an automatic charge). The same {@link SavedCharge#idempotencyKey()}
     * again is the same charge: the provider answers with its outcome and never charges twice. Fails when the provider
     * cannot be reached or gives no answer; the caller asks again with the same key.
     */
    default Charged chargeSaved(SavedCharge charge) {
        throw new UnsupportedOperationException(name() + " keeps no saved cards");
    }

    /**
     * Deletes a saved card the platform will not charge again (the customer removed it, a newer one replaced it, a hard
     * decline blocked it), so the provider keeps no authorisation nobody uses; a card the provider no longer has counts as
     * deleted. Fails when the provider cannot be reached or gives no answer it documents; the caller asks again later.
     */
    default CardDeletion deleteSavedCard(String cardToken) {
        throw new UnsupportedOperationException(name() + " keeps no saved cards");
    }

    /** Whether refunds of the payments it took are sent to it ({@link #refund}). */
    default boolean refunds() {
        return false;
    }

    /**
     * Gives back {@link RefundOrder#amount()} of the payment it took as {@link RefundOrder#transactionId()}. The same
     * {@link RefundOrder#idempotencyKey()} again is the same refund: the provider answers with its outcome and never gives
     * back twice. Fails when the provider cannot be reached or gives no answer it documents; the caller asks again with
     * the same key (and the provider's {@link RefundOrder#reference()} once it named the refund).
     */
    default RefundOutcome refund(RefundOrder refund) {
        throw new UnsupportedOperationException(name() + " takes no refunds");
    }

    /**
     * A checkout to pay: {@code returnUrl} is where the provider sends the customer back, paid or not; {@code saveCard}:
     * the customer asked to save the card for automatic charges (only where {@link #savesCards()}).
     */
    record Start(UUID checkoutId, String currency, BigDecimal amount, String description, Payer payer, String returnUrl,
                 boolean saveCard) {
    }

    /** A saved card as the provider keeps it: its token (never the number) and what may be shown of it. */
    record SavedCard(String token, String brand, String last4, LocalDate expiresOn) {
    }

    /** The provider's answer to {@link #deleteSavedCard}: deleted, or refused with its reason ({@code refusal}). */
    record CardDeletion(boolean deleted, String refusal) {
        public static CardDeletion done() {
            return new CardDeletion(true, null);
        }

        public static CardDeletion refused(String refusal) {
            return new CardDeletion(false, refusal);
        }
    }

    record SavedCharge(UUID idempotencyKey, String cardToken, String currency, BigDecimal amount, String description) {
    }

    /** What became of a charge of a saved card: paid under {@code transactionId}, or declined with the provider's code and reason. */
    record Charged(boolean paid, String transactionId, String declineCode, String failure) {
    }

    /** {@code reference}: what the provider called the refund when it answered before (null: it never did). */
    record RefundOrder(UUID idempotencyKey, String transactionId, String currency, BigDecimal amount, String reference) {
    }

    /**
     * The provider's answer to a refund: SUCCEEDED (the money goes back), PENDING (accepted, not finished: asked again
     * later) or FAILED (refused, {@code failure} saying why); {@code reference} is the provider's name of the refund.
     */
    record RefundOutcome(Result result, String reference, String failure) {
        public enum Result { SUCCEEDED, PENDING, FAILED }

        public static RefundOutcome succeeded(String reference) {
            return new RefundOutcome(Result.SUCCEEDED, reference, null);
        }

        public static RefundOutcome pending(String reference) {
            return new RefundOutcome(Result.PENDING, reference, null);
        }

        public static RefundOutcome refused(String reference, String failure) {
            return new RefundOutcome(Result.FAILED, reference, failure);
        }
    }

    /** Who pays, as providers ask for it; {@code ip} is the customer's browser's. Any part may be null. */
    record Payer(String name, String email, String phone, String ip) {
    }

    /**
     * A decided payment: paid under the provider's transaction id, {@code collected} what it took in {@code currency}
     * (more than the checkout with instalment interest; null: the provider did not say), or declined with the reason;
     * {@code savedCard}: the card the customer saved while paying (null: none).
     */
    record Outcome(UUID checkoutId, boolean paid, String transactionId, BigDecimal collected, String currency, String failure,
                   SavedCard savedCard) {
        public Outcome(UUID checkoutId, boolean paid, String transactionId, BigDecimal collected, String currency, String failure) {
            this(checkoutId, paid, transactionId, collected, currency, failure, null);
        }

        public static Outcome declined(UUID checkoutId, String transactionId, String failure) {
            return new Outcome(checkoutId, false, transactionId, null, null, failure);
        }
    }
}
