package dev.billing.payment;

import dev.billing.events.EventCatalog;
import dev.billing.events.Topics;
import dev.billing.events.billing.BillTo;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.support.events.EventJson;
import dev.billing.support.testing.Eventually;
import dev.billing.support.testing.KafkaProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An invoice invoice-service issued, as payment-service hears of it: sent to invoice.events, awaited in its copies. */
final class IssuedInvoices {
    private IssuedInvoices() {
    }

    static UUID issue(KafkaProbe kafka, JdbcClient jdbc, UUID customer, String number, LocalDate due, String currency, String total,
                      BillTo billTo) {
        UUID invoice = UUID.randomUUID();
        kafka.send(Topics.INVOICE, customer.toString(), UUID.randomUUID().toString(), EventCatalog.INVOICE_ISSUED.type(),
                EventJson.write(new InvoiceIssued(invoice, number, customer, billTo, null, null, due.minusDays(14), due.minusDays(14), due,
                        currency, List.of(), List.of(), new BigDecimal(total), BigDecimal.ZERO, new BigDecimal(total), new BigDecimal(total),
                        "/api/invoices/" + invoice + "/pdf")));
        Eventually.await(() -> jdbc.sql("select count(*) from invoice_copy where invoice_id = :id").param("id", invoice)
                .query(Long.class).single(), n -> n == 1, Duration.ofSeconds(15));
        return invoice;
    }
}
