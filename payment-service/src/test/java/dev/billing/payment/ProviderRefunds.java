package dev.billing.payment;

import dev.billing.events.EventCatalog;
import dev.billing.events.access.Role;
import dev.billing.events.payment.PaymentRefunded;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Refunds of card payments in the payment tests: the payment a provider took, a refund asked for, what it announced. */
final class ProviderRefunds {
    private ProviderRefunds() {
    }

    /** The one payment of the invoice, as staff read it, once the provider's word made it. */
    static String paymentOf(ApiClient api, UUID invoice) {
        return Eventually.await(() -> api.get("/api/payments?invoiceId=" + invoice).json(), found -> found.size() == 1, Duration.ofSeconds(10))
                .get(0).get("id").asString();
    }

    static ApiClient.Response ask(ApiClient api, String paymentId, String amount) {
        return api.as(Role.ACCOUNTANT).post("/api/payments/" + paymentId + "/refunds", ApiClient.json(Map.of("amount", amount,
                "reason", "Hizmet iptal")));
    }

    /** The payment's only refund, as {@code GET /api/payments/{id}} shows it. */
    static JsonNode refundOf(ApiClient api, String paymentId) {
        JsonNode refunds = api.get("/api/payments/" + paymentId).json().get("refunds");
        if (refunds.size() != 1) {
            throw new AssertionError("payment " + paymentId + " has " + refunds.size() + " refunds");
        }
        return refunds.get(0);
    }

    /** Every {@code PaymentRefunded} of the customer written to the outbox (published with the change, or about to be). */
    static List<PaymentRefunded> announced(JdbcClient jdbc, UUID customer) {
        return jdbc.sql("select payload from outbox_event where event_type = :type and message_key = :customer order by id")
                .param("type", EventCatalog.PAYMENT_REFUNDED.type()).param("customer", customer.toString()).query(String.class).list()
                .stream().map(json -> EventJson.mapper().readValue(json, PaymentRefunded.class)).toList();
    }
}
