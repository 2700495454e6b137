package dev.billing.notification.contact;

import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.CustomerUpdated;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** This service's copy of customers' contact data, kept current from billing events. */
@Repository
public class ContactCopy {
    private final JdbcClient jdbc;

    public ContactCopy(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A customer's contact data as the latest billing event gave it. */
    public record Contact(UUID customerId, String name, String email, String phone, String language, String timeZone) {
        public java.time.ZoneId zone() {
            return java.time.ZoneId.of(timeZone);
        }
    }

    /**
     * The customer's contact data, which a message needs. It comes on billing.events, which is not ordered with the
     * topics whose events cause messages: until it is here the event is retried, and if it never comes it is
     * dead-lettered (replayable) rather than recorded as failed.
     */
    public Contact require(UUID customerId) {
        return find(customerId).orElseThrow(() -> new IllegalStateException(
                "no contact data for customer " + customerId + " has arrived from billing-service yet"));
    }

    public Optional<Contact> find(UUID customerId) {
        return jdbc.sql("select * from customer_contact where customer_id = :id").param("id", customerId)
                .query((rs, n) -> new Contact(customerId, rs.getString("name"), rs.getString("email"), rs.getString("phone"),
                        rs.getString("language"), rs.getString("time_zone")))
                .optional();
    }

    public void registered(CustomerRegistered c) {
        upsert(c.customerId(), c.name(), c.email(), c.phone(), c.language(), c.timeZone(), c.registeredAt());
    }

    public void updated(CustomerUpdated c) {
        upsert(c.customerId(), c.name(), c.email(), c.phone(), c.language(), c.timeZone(), c.updatedAt());
    }

    /** Later facts win; an older event arriving late does not overwrite newer data. */
    private void upsert(UUID id, String name, String email, String phone, String language, String timeZone, Instant at) {
        jdbc.sql("""
                        insert into customer_contact (customer_id, name, email, phone, language, time_zone, updated_at)
                        values (:id, :name, :email, :phone, :language, :tz, :at)
                        on conflict (customer_id) do update set name = excluded.name, email = excluded.email,
                            phone = excluded.phone, language = excluded.language, time_zone = excluded.time_zone,
                            updated_at = excluded.updated_at
                        where customer_contact.updated_at <= excluded.updated_at""")
                .param("id", id).param("name", name).param("email", email).param("phone", phone)
                .param("language", language).param("tz", timeZone).param("at", Timestamp.from(at))
                .update();
    }
}
