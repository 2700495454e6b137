package dev.billing.billing.charge;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Charges and credits waiting for the customer's next invoice in their currency. */
@Repository
public class PendingCharges {
    private final JdbcClient jdbc;

    public PendingCharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Charge(UUID id, UUID customerId, UUID subscriptionId, String description, BigDecimal quantity,
                         BigDecimal unitPrice, BigDecimal taxRate, String currency, String kind, String sourceRef) {

        public BigDecimal net() {
            return quantity.multiply(unitPrice);
        }
    }

    /** Adds a charge; a charge with a source reference that exists already is not added again. */
    public boolean add(Charge c, Instant at) {
        return jdbc.sql("""
                        insert into pending_charge (id, customer_id, subscription_id, description, quantity, unit_price,
                            tax_rate, currency, kind, source_ref, created_at)
                        values (:id, :customerId, :subscriptionId, :description, :quantity, :unitPrice, :taxRate,
                            :currency, :kind, :sourceRef, :at)
                        on conflict (source_ref) do nothing""")
                .param("id", c.id()).param("customerId", c.customerId()).param("subscriptionId", c.subscriptionId())
                .param("description", c.description()).param("quantity", c.quantity()).param("unitPrice", c.unitPrice())
                .param("taxRate", c.taxRate()).param("currency", c.currency()).param("kind", c.kind())
                .param("sourceRef", c.sourceRef()).param("at", Timestamp.from(at))
                .update() == 1;
    }

    /** Open charges of the customer in the currency, oldest first, locked until the transaction ends. */
    public List<Charge> lockOpen(UUID customerId, String currency) {
        return jdbc.sql("""
                        select * from pending_charge where customer_id = :customerId and currency = :currency
                        and billed_request_id is null order by created_at, id for update""")
                .param("customerId", customerId).param("currency", currency)
                .query(PendingCharges::map)
                .list();
    }

    /** Which of these customers have a charge or credit pending, in any currency: one statement for many. */
    public Set<UUID> customersWithOpen(Collection<UUID> customerIds) {
        return new HashSet<>(jdbc.sql("""
                        select distinct customer_id from pending_charge
                        where customer_id = any(:ids::uuid[]) and billed_request_id is null""")
                .param("ids", customerIds.stream().distinct().toArray(UUID[]::new))
                .query(UUID.class).list());
    }

    public List<Charge> open(UUID customerId) {
        return jdbc.sql("select * from pending_charge where customer_id = :customerId and billed_request_id is null order by created_at, id")
                .param("customerId", customerId)
                .query(PendingCharges::map)
                .list();
    }

    private static Charge map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Charge(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getObject("subscription_id", UUID.class), rs.getString("description"),
                rs.getBigDecimal("quantity").stripTrailingZeros(), rs.getBigDecimal("unit_price").stripTrailingZeros(),
                rs.getBigDecimal("tax_rate").stripTrailingZeros(), rs.getString("currency"), rs.getString("kind"),
                rs.getString("source_ref"));
    }

    public void markBilled(List<UUID> ids, String requestId) {
        if (!ids.isEmpty()) {
            jdbc.sql("update pending_charge set billed_request_id = :requestId where id in (:ids)")
                    .param("requestId", requestId).param("ids", ids).update();
        }
    }

    /** Puts back what the cancelled invoice of {@code requestId} had taken: its charges and credits are pending again. */
    public int release(String requestId) {
        return jdbc.sql("update pending_charge set billed_request_id = null where billed_request_id = :requestId")
                .param("requestId", requestId).update();
    }

    /**
     * Splits a credit that was only partly used: the used part becomes a row billed by {@code requestId}
     * (so that a cancelled invoice can release exactly it), the original keeps what is left.
     */
    public void split(InvoiceComposer.PartlyUsed part, String requestId, Instant at) {
        jdbc.sql("""
                        insert into pending_charge (id, customer_id, subscription_id, description, quantity, unit_price,
                            tax_rate, currency, kind, created_at, billed_request_id)
                        select :newId, customer_id, subscription_id, description, quantity, :used, tax_rate, currency, kind,
                            :at, :requestId
                        from pending_charge where id = :id""")
                .param("newId", UUID.randomUUID()).param("used", part.usedUnitPrice()).param("at", Timestamp.from(at))
                .param("requestId", requestId).param("id", part.creditId()).update();
        jdbc.sql("update pending_charge set unit_price = :price where id = :id").param("price", part.leftUnitPrice())
                .param("id", part.creditId()).update();
    }
}
