package dev.billing.billing.customer;

import dev.billing.support.sql.Like;
import dev.billing.events.billing.DueRule;

import dev.billing.billing.terms.PaymentTerms;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Customers {
    private final JdbcClient jdbc;

    public Customers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Customer c, Instant createdAt) {
        jdbc.sql("""
                        insert into customer (id, name, email, phone, language, time_zone, payment_term_days, due_rule,
                            payment_methods, late_fee_kind, late_fee_value, late_fee_currency, late_fee_tax_rate, created_at, updated_at)
                        values (:id, :name, :email, :phone, :language, :tz, :term, :dueRule, :methods, :lateFee,
                            :lateFeeValue, :lateFeeCurrency, :lateFeeTaxRate, :at, :at)""")
                .params(params(c)).param("at", Timestamp.from(createdAt))
                .update();
    }

    public boolean update(Customer c, Instant updatedAt) {
        return jdbc.sql("""
                        update customer set name = :name, email = :email, phone = :phone, language = :language,
                            time_zone = :tz, payment_term_days = :term, due_rule = :dueRule, payment_methods = :methods,
                            late_fee_kind = :lateFee, late_fee_value = :lateFeeValue, late_fee_currency = :lateFeeCurrency,
                            late_fee_tax_rate = :lateFeeTaxRate, updated_at = :at
                        where id = :id""")
                .params(params(c)).param("at", Timestamp.from(updatedAt))
                .update() == 1;
    }

    private static java.util.Map<String, Object> params(Customer c) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("id", c.id());
        p.put("name", c.name());
        p.put("email", c.email());
        p.put("phone", c.phone());
        p.put("language", c.language());
        p.put("tz", c.timeZone().getId());
        p.put("term", c.terms().days());
        p.put("dueRule", c.terms().dueRule().name());
        p.put("methods", String.join(",", c.terms().paymentMethods()));
        p.put("lateFee", c.terms().lateFee().name());
        p.put("lateFeeValue", c.terms().lateFeeValue());
        p.put("lateFeeCurrency", c.terms().lateFeeCurrency());
        p.put("lateFeeTaxRate", c.terms().lateFeeTaxRate());
        return p;
    }

    public Optional<Customer> find(UUID id) {
        return jdbc.sql("select * from customer where id = :id").param("id", id).query(Customers::map).optional();
    }

    /** The customers with these ids, by id, in one statement. */
    public Map<UUID, Customer> findAll(Collection<UUID> ids) {
        return jdbc.sql("select * from customer where id = any(:ids::uuid[])")
                .param("ids", ids.stream().distinct().toArray(UUID[]::new))
                .query(Customers::map).list().stream().collect(Collectors.toMap(Customer::id, c -> c));
    }

    public Optional<Customer> lock(UUID id) {
        return jdbc.sql("select * from customer where id = :id for update").param("id", id).query(Customers::map).optional();
    }

    /** A page of the accounts in the order they were created; {@code search} (or null) is part of a name or an email address. */
    public List<Customer> list(String search, int limit, int offset) {
        String pattern = search == null || search.isBlank() ? null : Like.containing(search.strip());
        return jdbc.sql("""
                        select * from customer
                        where cast(:pattern as text) is null or name ilike :pattern or email ilike :pattern
                        order by created_at, id limit :limit offset :offset""")
                .param("pattern", pattern).param("limit", limit).param("offset", offset).query(Customers::map).list();
    }

    static Customer map(ResultSet rs, int row) throws SQLException {
        return new Customer(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("language"), ZoneId.of(rs.getString("time_zone")),
                new PaymentTerms(DueRule.valueOf(rs.getString("due_rule")), rs.getInt("payment_term_days"),
                        Arrays.asList(rs.getString("payment_methods").split(",")),
                        PaymentTerms.LateFee.valueOf(rs.getString("late_fee_kind")),
                        rs.getBigDecimal("late_fee_value").stripTrailingZeros(), rs.getString("late_fee_currency"),
                        rs.getBigDecimal("late_fee_tax_rate").stripTrailingZeros()));
    }
}
