package dev.billing.events.payment;

import java.util.List;

/**
 * How money arrives, one list everywhere: the methods a billing account's payment terms offer, and the {@code method}
 * of every {@code PaymentReceived}. {@code CARD} covers card payments through a provider and at a card terminal.
 */
public final class PaymentMethods {
    public static final List<String> ALL = List.of("BANK_TRANSFER", "CASH", "CHEQUE", "CARD", "DIRECT_DEBIT");

    private PaymentMethods() {
    }
}
