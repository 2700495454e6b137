package dev.billing.billing.subscription;

import dev.billing.events.billing.DueRule;

import dev.billing.billing.terms.PaymentTerms;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Subscriptions {
    private final JdbcClient jdbc;

    public Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Subscription s, Instant createdAt) {
        jdbc.sql("""
                        insert into subscription (id, customer_id, description, quantity, unit_price, currency, tax_rate,
                            billing_period, start_date, periods_billed, next_cut_date, status, created_at, billing_day,
                            in_arrears, end_date, paused_from, due_rule, payment_term_days, payment_methods)
                        values (:id, :customerId, :description, :quantity, :unitPrice, :currency, :taxRate,
                            :period, :startDate, :periodsBilled, :nextCutDate, :status, :createdAt, :billingDay,
                            :inArrears, :endDate, :pausedFrom, :dueRule, :termDays, :methods)""")
                .param("id", s.id()).param("customerId", s.customerId()).param("description", s.description())
                .param("quantity", s.quantity()).param("unitPrice", s.unitPrice()).param("currency", s.currency())
                .param("taxRate", s.taxRate()).param("period", s.interval().toString()).param("startDate", s.startDate())
                .param("periodsBilled", s.periodsBilled()).param("nextCutDate", s.nextCutDate())
                .param("status", s.status()).param("createdAt", Timestamp.from(createdAt))
                .param("billingDay", s.billingDay()).param("inArrears", s.inArrears()).param("endDate", s.endDate())
                .param("pausedFrom", s.pausedFrom()).param("dueRule", s.dueRule() == null ? null : s.dueRule().name())
                .param("termDays", s.paymentTermDays())
                .param("methods", s.paymentMethods() == null ? null : String.join(",", s.paymentMethods()))
                .update();
    }

    public Optional<Subscription> find(UUID id) {
        return jdbc.sql("select * from subscription where id = :id").param("id", id).query(Subscriptions::map).optional();
    }

    public Optional<Subscription> lock(UUID id) {
        return jdbc.sql("select * from subscription where id = :id for update").param("id", id)
                .query(Subscriptions::map).optional();
    }

    /** Locks those of the subscriptions that no other billing run holds, in id order, in one statement. */
    public List<Subscription> lockIfFree(List<UUID> ids) {
        return jdbc.sql("select * from subscription where id = any(:ids::uuid[]) order by id for update skip locked")
                .param("ids", ids.toArray(UUID[]::new))
                .query(Subscriptions::map).list();
    }

    public List<Subscription> byCustomer(UUID customerId) {
        return jdbc.sql("select * from subscription where customer_id = :customerId order by created_at")
                .param("customerId", customerId).query(Subscriptions::map).list();
    }

    /**
     * A subscription that may be due: its next cut date (or its scheduled change) is on or before the
     * day a run asked for, with its account's time zone as stored, in which it counts.
     */
    public record Candidate(UUID id, LocalDate nextCutDate, LocalDate changeEffective, String timeZone) {
        /**
         * Whether its cut date, or its scheduled change, is today or earlier in its account's time zone. A
         * zone Java does not know counts as due, so that billing it fails, for this subscription alone, and
         * says why.
         */
        public boolean dueAt(Instant now) {
            LocalDate today;
            try {
                today = now.atZone(ZoneId.of(timeZone)).toLocalDate();
            } catch (DateTimeException unknownZone) {
                return true;
            }
            return !nextCutDate.isAfter(today) || changeEffective != null && !changeEffective.isAfter(today);
        }
    }

    /**
     * Active subscriptions whose next cut date is on or before {@code latest}, in (cut date, id) order,
     * after {@code after} (none: from the first), read along the {@code subscription_due} index so that a
     * run reads the subscriptions that may be due and no others. The time zones are read with them so
     * that the caller can tell which are due already (PostgreSQL's zone names need not be Java's, so the
     * day is not computed in SQL); they are looked up for the rows of the page only.
     */
    public List<Candidate> dueByCutDate(LocalDate latest, Candidate after, int limit) {
        String fromPosition = after == null ? "" : "and (s.next_cut_date, s.id) > (:afterDate, :afterId)";
        return jdbc.sql("""
                        select s.id, s.next_cut_date,
                            (select c.effective_date from scheduled_change c where c.subscription_id = s.id),
                            (select a.time_zone from customer a where a.id = s.customer_id)
                        from subscription s
                        where s.status = 'ACTIVE' and s.next_cut_date <= :latest %s
                        order by s.next_cut_date, s.id limit :limit""".formatted(fromPosition))
                .param("latest", latest).param("limit", limit)
                .param("afterDate", after == null ? null : after.nextCutDate())
                .param("afterId", after == null ? null : after.id())
                .query(Subscriptions::candidate).list();
    }

    /**
     * Active subscriptions with a scheduled change effective on or before {@code latest}, in id order,
     * after {@code afterId}: those whose change is due before their next cut date. They are few, and the
     * ones whose cut date is due as well were also read by {@link #dueByCutDate}.
     */
    public List<Candidate> dueByChange(LocalDate latest, UUID afterId, int limit) {
        return jdbc.sql("""
                        select s.id, s.next_cut_date, c.effective_date,
                            (select a.time_zone from customer a where a.id = s.customer_id)
                        from scheduled_change c join subscription s on s.id = c.subscription_id
                        where s.status = 'ACTIVE' and c.effective_date <= :latest and c.subscription_id > :afterId
                        order by c.subscription_id limit :limit""")
                .param("latest", latest).param("afterId", afterId).param("limit", limit)
                .query(Subscriptions::candidate).list();
    }

    private static Candidate candidate(ResultSet rs, int row) throws SQLException {
        return new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class),
                rs.getObject(3, LocalDate.class), rs.getString(4));
    }

    /** Periods before {@code periodsBilled} are billed, and of that period the days before {@code unbilledFrom} (when set). */
    public void advance(UUID id, int periodsBilled, LocalDate nextCutDate, LocalDate unbilledFrom) {
        jdbc.sql("update subscription set periods_billed = :n, next_cut_date = :next, unbilled_from = :from where id = :id")
                .param("n", periodsBilled).param("next", nextCutDate).param("from", unbilledFrom).param("id", id).update();
    }

    public void changePrice(UUID id, String description, BigDecimal quantity, BigDecimal unitPrice) {
        jdbc.sql("update subscription set description = :d, quantity = :q, unit_price = :p where id = :id")
                .param("d", description).param("q", quantity).param("p", unitPrice).param("id", id).update();
    }

    public void changeStatus(UUID id, String status, LocalDate pausedFrom, LocalDate endDate) {
        jdbc.sql("update subscription set status = :status, paused_from = :pausedFrom, end_date = :endDate where id = :id")
                .param("status", status).param("pausedFrom", pausedFrom).param("endDate", endDate).param("id", id).update();
    }

    static Subscription map(ResultSet rs, int row) throws SQLException {
        String methods = rs.getString("payment_methods");
        String dueRule = rs.getString("due_rule");
        return new Subscription(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("description"), plain(rs.getBigDecimal("quantity")), plain(rs.getBigDecimal("unit_price")),
                rs.getString("currency"), plain(rs.getBigDecimal("tax_rate")), Period.parse(rs.getString("billing_period")),
                rs.getObject("start_date", LocalDate.class), rs.getInt("periods_billed"),
                rs.getObject("next_cut_date", LocalDate.class), rs.getString("status"),
                (Integer) rs.getObject("billing_day"), rs.getBoolean("in_arrears"), rs.getObject("end_date", LocalDate.class),
                rs.getObject("paused_from", LocalDate.class), dueRule == null ? null : DueRule.valueOf(dueRule),
                (Integer) rs.getObject("payment_term_days"), methods == null ? null : Arrays.asList(methods.split(",")),
                rs.getObject("unbilled_from", LocalDate.class));
    }

    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
