package dev.billing.invoice.account;

import dev.billing.events.EventCatalog;
import dev.billing.events.invoice.CustomerCreditChanged;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's credit per currency, owned by this service: money paid beyond what was owed
 * (overpayments, paid amounts of cancelled invoices), used on the next invoices, taken back by
 * refunds. Each change is a movement with its reason, announced as {@code CustomerCreditChanged}.
 */
@Service
public class CustomerCredits {
    public static final String OVERPAYMENT = "OVERPAYMENT";
    public static final String PAYMENT_ON_ACCOUNT = "PAYMENT_ON_ACCOUNT";
    public static final String STORNO = "STORNO";
    public static final String APPLIED_TO_INVOICE = "APPLIED_TO_INVOICE";
    public static final String REFUND = "REFUND";
    public static final String PAYMENT_REFUNDED = "PAYMENT_REFUNDED";

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    public CustomerCredits(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Movement(UUID id, String currency, BigDecimal change, BigDecimal balance, String reason, UUID invoiceId,
                           UUID paymentId, Instant occurredAt) {
    }

    /** Changes the credit by {@code change} (negative: used or refunded) and returns the new balance; zero changes nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal change(UUID customerId, String currency, BigDecimal change, String reason, UUID invoiceId, UUID paymentId) {
        if (change.signum() == 0) {
            return balance(customerId, currency);
        }
        BigDecimal balance = jdbc.sql("""
                        insert into customer_credit (customer_id, currency, amount) values (:customer, :currency, :change)
                        on conflict (customer_id, currency) do update set amount = customer_credit.amount + excluded.amount
                        returning amount""")
                .param("customer", customerId).param("currency", currency).param("change", change)
                .query(BigDecimal.class).single();
        balance = Money.exact(balance, currency);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into credit_movement (id, customer_id, currency, change, balance, reason, invoice_id, payment_id, occurred_at)
                        values (:id, :customer, :currency, :change, :balance, :reason, :invoice, :payment, :at)""")
                .param("id", id).param("customer", customerId).param("currency", currency).param("change", change)
                .param("balance", balance).param("reason", reason).param("invoice", invoiceId).param("payment", paymentId)
                .param("at", Timestamp.from(now))
                .update();
        outbox.add(EventCatalog.CUSTOMER_CREDIT_CHANGED, customerId, "customer/" + customerId,
                new CustomerCreditChanged(id, customerId, currency, change, balance, reason, invoiceId, paymentId, now));
        return balance;
    }

    /** The balance, locked until the transaction ends so that two uses of one credit queue. */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal lockedBalance(UUID customerId, String currency) {
        return Money.exact(jdbc.sql("select amount from customer_credit where customer_id = :customer and currency = :currency for update")
                .param("customer", customerId).param("currency", currency)
                .query(BigDecimal.class).optional().orElse(BigDecimal.ZERO), currency);
    }

    /**
     * Which of these customers (with the currency at the same place) have credit above zero, in one
     * statement; those credit rows stay locked until the transaction ends, as with {@link #lockedBalance}.
     * (Credit that another transaction raises from zero meanwhile waits for the next invoice, as credit
     * that did not exist yet does.)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<String> lockHoldingCredit(List<UUID> customerIds, List<String> currencies) {
        return new HashSet<>(jdbc.sql("""
                        select c.customer_id, c.currency from customer_credit c
                        join unnest(:customers::uuid[], :currencies::text[]) as k(customer_id, currency)
                          on c.customer_id = k.customer_id and c.currency = k.currency
                        where c.amount > 0
                        order by c.customer_id, c.currency for update of c""")
                .param("customers", customerIds.toArray(UUID[]::new))
                .param("currencies", currencies.toArray(String[]::new))
                .query((rs, n) -> key(rs.getObject("customer_id", UUID.class), rs.getString("currency")))
                .list());
    }

    /** How {@link #lockHoldingCredit} names a customer's credit in a currency. */
    public static String key(UUID customerId, String currency) {
        return customerId + "/" + currency;
    }

    public BigDecimal balance(UUID customerId, String currency) {
        return Money.exact(jdbc.sql("select amount from customer_credit where customer_id = :customer and currency = :currency")
                .param("customer", customerId).param("currency", currency)
                .query(BigDecimal.class).optional().orElse(BigDecimal.ZERO), currency);
    }

    public List<Movement> movements(UUID customerId) {
        return jdbc.sql("""
                        select id, currency, change, balance, reason, invoice_id, payment_id, occurred_at from credit_movement
                        where customer_id = :customer order by occurred_at, id""")
                .param("customer", customerId)
                .query((rs, n) -> new Movement(rs.getObject("id", UUID.class), rs.getString("currency"),
                        rs.getBigDecimal("change"), rs.getBigDecimal("balance"), rs.getString("reason"),
                        rs.getObject("invoice_id", UUID.class), rs.getObject("payment_id", UUID.class),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    /** A payout of credit as recorded under its refund id. */
    public record Payout(UUID customerId, String currency, BigDecimal amount) {

        boolean same(Payout other) {
            return customerId.equals(other.customerId) && currency.equals(other.currency) && amount.compareTo(other.amount) == 0;
        }
    }

    /**
     * Records the payout with the payments, once per {@code refundId}: empty when this is its first
     * record, else the payout recorded under that id before (a retry, or the id used for another).
     */
    public Optional<Payout> recordPayout(UUID refundId, Payout payout) {
        String reference = "credit-refund:" + refundId;
        int inserted = jdbc.sql("""
                        insert into payment_application (reference_id, kind, payment_id, invoice_id, customer_id, currency,
                            amount, applied, credited, applied_at)
                        values (:ref, 'CREDIT_REFUND', null, null, :customer, :currency, :amount, 0, :credited, :at)
                        on conflict (reference_id) do nothing""")
                .param("ref", reference).param("customer", payout.customerId())
                .param("currency", payout.currency()).param("amount", payout.amount()).param("credited", payout.amount().negate())
                .param("at", Timestamp.from(clock.instant()))
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("select customer_id, currency, amount from payment_application where reference_id = :ref")
                .param("ref", reference)
                .query((rs, n) -> new Payout(rs.getObject("customer_id", UUID.class), rs.getString("currency"),
                        Money.exact(rs.getBigDecimal("amount"), rs.getString("currency"))))
                .single());
    }

    /** What payments and credit applied to the invoice, net of refunds. */
    public BigDecimal paidOn(UUID invoiceId, String currency) {
        return Money.exact(jdbc.sql("select coalesce(sum(applied), 0) from payment_application where invoice_id = :id")
                .param("id", invoiceId).query(BigDecimal.class).single(), currency);
    }

    /** The credit a payment left on the account, net of what its refunds took back. */
    public BigDecimal creditLeftBy(UUID paymentId, String currency) {
        return Money.exact(jdbc.sql("select coalesce(sum(credited), 0) from payment_application where payment_id = :id")
                .param("id", paymentId).query(BigDecimal.class).single(), currency);
    }
}
