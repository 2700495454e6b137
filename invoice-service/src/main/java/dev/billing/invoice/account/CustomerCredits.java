package dev.billing.invoice.account;

import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Money a customer has paid beyond what was owed, per currency: overpayments and paid amounts of cancelled invoices. */
@Repository
public class CustomerCredits {
    private final JdbcClient jdbc;

    public CustomerCredits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(UUID customerId, String currency, BigDecimal amount) {
        jdbc.sql("""
                        insert into customer_credit (customer_id, currency, amount) values (:customer, :currency, :amount)
                        on conflict (customer_id, currency) do update set amount = customer_credit.amount + excluded.amount""")
                .param("customer", customerId).param("currency", currency).param("amount", amount)
                .update();
    }

    /** What payments applied to the invoice, net of refunds. */
    public BigDecimal paidOn(UUID invoiceId) {
        return jdbc.sql("select coalesce(sum(applied), 0) from payment_application where invoice_id = :id")
                .param("id", invoiceId).query(BigDecimal.class).single();
    }
}
