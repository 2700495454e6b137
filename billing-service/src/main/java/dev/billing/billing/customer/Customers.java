package dev.billing.billing.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
                        insert into customer (id, name, email, phone, language, time_zone, payment_term_days, created_at)
                        values (:id, :name, :email, :phone, :language, :tz, :term, :createdAt)""")
                .param("id", c.id()).param("name", c.name()).param("email", c.email()).param("phone", c.phone())
                .param("language", c.language()).param("tz", c.timeZone().getId()).param("term", c.paymentTermDays())
                .param("createdAt", Timestamp.from(createdAt))
                .update();
    }

    public Optional<Customer> find(UUID id) {
        return jdbc.sql("select * from customer where id = :id").param("id", id).query(Customers::map).optional();
    }

    public List<Customer> list(int limit, int offset) {
        return jdbc.sql("select * from customer order by created_at, id limit :limit offset :offset")
                .param("limit", limit).param("offset", offset).query(Customers::map).list();
    }

    static Customer map(ResultSet rs, int row) throws SQLException {
        return new Customer(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("language"), ZoneId.of(rs.getString("time_zone")),
                rs.getInt("payment_term_days"));
    }
}
