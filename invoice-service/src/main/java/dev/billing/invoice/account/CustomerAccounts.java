package dev.billing.invoice.account;

import dev.billing.events.billing.BillTo;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.CustomerUpdated;
import dev.billing.events.billing.DueRule;
import dev.billing.support.events.InvalidEventException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** This service's copy of the billing accounts, kept from billing events; manual invoices are addressed from it. */
@Repository
public class CustomerAccounts {
    private final JdbcClient jdbc;

    public CustomerAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Account(UUID customerId, BillTo billTo, int paymentTermDays, DueRule dueRule) {
    }

    public void registered(CustomerRegistered c) {
        upsert(c.customerId(), c.name(), c.email(), c.phone(), c.language(), c.timeZone(), c.paymentTermDays(),
                dueRule(c.paymentDueRule()), c.registeredAt());
    }

    public void updated(CustomerUpdated c) {
        upsert(c.customerId(), c.name(), c.email(), c.phone(), c.language(), c.timeZone(), c.paymentTermDays(),
                dueRule(c.paymentDueRule()), c.updatedAt());
    }

    public Optional<Account> find(UUID customerId) {
        return jdbc.sql("select * from customer_account where customer_id = :id").param("id", customerId)
                .query((rs, n) -> new Account(customerId, new BillTo(rs.getString("name"), rs.getString("email"),
                        rs.getString("phone"), rs.getString("language"), rs.getString("time_zone")),
                        rs.getInt("payment_term_days"), DueRule.valueOf(rs.getString("payment_due_rule"))))
                .optional();
    }

    /** An account event naming a rule nobody knows can never be applied: the DLQ, not retries. */
    private static DueRule dueRule(String name) {
        try {
            return DueRule.named(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Unknown paymentDueRule " + name + "; NET or END_OF_MONTH");
        }
    }

    private void upsert(UUID id, String name, String email, String phone, String language, String timeZone, int term,
                        DueRule dueRule, Instant at) {
        jdbc.sql("""
                        insert into customer_account (customer_id, name, email, phone, language, time_zone, payment_term_days,
                            payment_due_rule, updated_at)
                        values (:id, :name, :email, :phone, :language, :tz, :term, :rule, :at)
                        on conflict (customer_id) do update set name = excluded.name, email = excluded.email,
                            phone = excluded.phone, language = excluded.language, time_zone = excluded.time_zone,
                            payment_term_days = excluded.payment_term_days, payment_due_rule = excluded.payment_due_rule,
                            updated_at = excluded.updated_at
                        where customer_account.updated_at <= excluded.updated_at""")
                .param("id", id).param("name", name).param("email", email).param("phone", phone)
                .param("language", language).param("tz", timeZone).param("term", term).param("rule", dueRule.name()).param("at", Timestamp.from(at))
                .update();
    }
}
