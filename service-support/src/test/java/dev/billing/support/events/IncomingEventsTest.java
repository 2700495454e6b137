package dev.billing.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.CloudEventHeaders;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.InvoiceRequested;
import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class IncomingEventsTest {
    private static Message<byte[]> message(String json, boolean withId) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
                .setHeader(CloudEventHeaders.TYPE, EventCatalog.INVOICE_REQUESTED.type().getBytes(StandardCharsets.UTF_8))
                .setHeader(CloudEventHeaders.TIME, "2027-01-01T00:00:00Z");
        if (withId) {
            builder.setHeader(CloudEventHeaders.ID, "e-1");
        }
        return builder.build();
    }

    private static InvoiceRequested request() {
        return new InvoiceRequested("s:2027-01-01", UUID.randomUUID(), null,
                new BillTo("A", "a@b.c", null, "en", "UTC"), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 1),
                LocalDate.of(2027, 1, 31), "EUR", 10,
                List.of(new RequestedLine("x", BigDecimal.ONE, new BigDecimal("1E+3"), new BigDecimal("20"))), null, null);
    }

    @Test
    void roundTripKeepsAmountsAsPlainDecimalStrings() {
        String json = EventJson.write(request());
        assertThat(json).contains("\"unitPrice\":\"1000\"").contains("\"issueDate\":\"2027-01-01\"");
        ReceivedEvent<InvoiceRequested> event = IncomingEvents.read(message(json, true), EventCatalog.INVOICE_REQUESTED);
        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.time()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(event.payload().lines().get(0).unitPrice()).isEqualByComparingTo("1000");
    }

    @Test
    void unknownFieldsAreIgnoredSoThatOptionalAdditionsDoNotBreakConsumers() {
        String json = EventJson.write(request()).replaceFirst("\\{", "{\"addedInV1_1\":42,");
        assertThat(IncomingEvents.read(message(json, true), EventCatalog.INVOICE_REQUESTED).payload().currency()).isEqualTo("EUR");
    }

    @Test
    void missingRequiredDataIsRejectedNamingTheField() {
        String json = EventJson.write(request()).replace("\"email\":\"a@b.c\",", "");
        assertThatThrownBy(() -> IncomingEvents.read(message(json, true), EventCatalog.INVOICE_REQUESTED))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("billTo.email");
        assertThatThrownBy(() -> IncomingEvents.read(message(EventJson.write(request()), false), EventCatalog.INVOICE_REQUESTED))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ce_id");
        assertThatThrownBy(() -> IncomingEvents.read(message("{not json", true), EventCatalog.INVOICE_REQUESTED))
                .isInstanceOf(InvalidEventException.class);
    }
}
