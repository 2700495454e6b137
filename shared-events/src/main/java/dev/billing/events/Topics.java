package dev.billing.events;

import java.util.List;

/** Kafka topics, one per owning service (invoice-service has a second one for its documents); every topic is keyed by the customer (billing account) id. */
public final class Topics {
    public static final String BILLING = "billing.events";
    public static final String INVOICE = "invoice.events";
    /** invoice-service's rendered PDFs, apart from its events so that only the services that attach them carry their bytes. */
    public static final String INVOICE_DOCUMENTS = "invoice.documents";
    public static final String PAYMENT = "payment.events";
    public static final String REMINDER = "reminder.events";
    public static final String NOTIFICATION = "notification.events";
    public static final String DISPUTE = "dispute.events";
    /** Test clock broadcasts; never written in production. */
    public static final String TEST_CLOCK = "platform.test-clock";

    /** Dead-letter topic of a topic: where a message that can never be processed is parked with its reason. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    public static List<String> all() {
        return List.of(BILLING, INVOICE, INVOICE_DOCUMENTS, PAYMENT, REMINDER, NOTIFICATION, DISPUTE, TEST_CLOCK);
    }

    private Topics() {
    }
}
