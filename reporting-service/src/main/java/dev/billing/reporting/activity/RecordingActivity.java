package dev.billing.reporting.activity;

import dev.billing.events.EventCatalog;
import dev.billing.events.EventType;
import dev.billing.events.Topics;
import dev.billing.support.events.IncomingEvents;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Bindings {@code <topic>Events-in-0}: every event type of the catalogue, of every topic, goes into the activity
 * log, a batch at a time, in the order each customer's events arrived.
 */
@Configuration(proxyBeanMethods = false)
class RecordingActivity {

    @Bean
    Consumer<Message<List<byte[]>>> billingEvents(IncomingEvents events, ActivityLog log) {
        return everyType(events, log, Topics.BILLING);
    }

    @Bean
    Consumer<Message<List<byte[]>>> invoiceEvents(IncomingEvents events, ActivityLog log) {
        return everyType(events, log, Topics.INVOICE);
    }

    @Bean
    Consumer<Message<List<byte[]>>> paymentEvents(IncomingEvents events, ActivityLog log) {
        return everyType(events, log, Topics.PAYMENT);
    }

    @Bean
    Consumer<Message<List<byte[]>>> reminderEvents(IncomingEvents events, ActivityLog log) {
        return everyType(events, log, Topics.REMINDER);
    }

    @Bean
    Consumer<Message<List<byte[]>>> notificationEvents(IncomingEvents events, ActivityLog log) {
        return everyType(events, log, Topics.NOTIFICATION);
    }

    @Bean
    Consumer<Message<List<byte[]>>> disputeEvents(IncomingEvents events, ActivityLog log) {
        return everyType(events, log, Topics.DISPUTE);
    }

    private static Consumer<Message<List<byte[]>>> everyType(IncomingEvents events, ActivityLog log, String topic) {
        IncomingEvents.Builder consumer = events.consumer("reporting-" + topic);
        for (EventType<?> type : EventCatalog.all()) {
            if (type.topic().equals(topic)) {
                add(consumer, type, log);
            }
        }
        return consumer.build();
    }

    private static <T extends Record> void add(IncomingEvents.Builder consumer, EventType<T> type, ActivityLog log) {
        consumer.onBatch(type, log::record);
    }
}
