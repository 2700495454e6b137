package dev.billing.reminder.policy;

import dev.billing.reminder.profile.PayerProfile;
import dev.billing.reminder.profile.PayerProfiles;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Dunning policies and their versions, and which one each customer follows (plain SQL: small tables, read by id). */
@Repository
public class DunningPolicies {
    private final JdbcClient jdbc;
    private final PayerProfiles profiles;

    DunningPolicies(JdbcClient jdbc, PayerProfiles profiles) {
        this.jdbc = jdbc;
        this.profiles = profiles;
    }

    /** What a customer follows: a policy, or no reminders at all. */
    /** Where a customer's policy comes from: assigned to them, chosen by their payer profile, or the default. */
    public enum Source { CUSTOMER, PROFILE, DEFAULT }

    public record Assignment(DunningPolicy policy, boolean excluded, Source source) {
    }

    public Optional<DunningPolicy> latest(UUID id) {
        return jdbc.sql("select max(version) from dunning_policy where id = ?").param(id).query(Integer.class).optional()
                .flatMap(version -> version == null ? Optional.empty() : version(id, version));
    }

    public Optional<DunningPolicy> version(UUID id, int version) {
        return jdbc.sql("select * from dunning_policy where id = ? and version = ?").param(id).param(version)
                .query((rs, n) -> new DunningPolicy(id, version, rs.getString("name"), rs.getBoolean("is_default"), steps(id, version),
                        (Integer) rs.getObject("repeat_every_days"), (Integer) rs.getObject("repeat_max_times"),
                        rs.getBoolean("business_days_only"), time(rs.getTime("send_from")), time(rs.getTime("send_until"))))
                .optional();
    }

    /** The latest version of every policy, the default first. */
    public List<DunningPolicy> all() {
        return jdbc.sql("""
                        select id, max(version) as version from dunning_policy group by id
                        order by bool_or(is_default) desc, min(created_at), id""")
                .query((rs, n) -> latest(rs.getObject("id", UUID.class)).orElseThrow()).list();
    }

    public DunningPolicy defaultPolicy() {
        UUID id = jdbc.sql("select id from dunning_policy where is_default limit 1").query(UUID.class).single();
        return latest(id).orElseThrow();
    }

    /**
     * The policy a customer's new invoices are planned with, or that they get no reminders: the one assigned to them,
     * else the one chosen for their payer profile (worked out only when some profile has a policy), else the default.
     */
    public Assignment forCustomer(UUID customerId) {
        Optional<Assignment> assigned = jdbc.sql("select policy_id, excluded from customer_dunning where customer_id = ?")
                .param(customerId)
                .query((rs, n) -> new Assignment(rs.getObject("policy_id", UUID.class) == null ? null
                        : latest(rs.getObject("policy_id", UUID.class)).orElse(null), rs.getBoolean("excluded"), Source.CUSTOMER))
                .optional();
        if (assigned.isPresent() && assigned.get().policy() != null) {
            return assigned.get();
        }
        boolean excluded = assigned.map(Assignment::excluded).orElse(false);
        return byProfile(customerId).map(policy -> new Assignment(policy, excluded, Source.PROFILE))
                .orElseGet(() -> new Assignment(defaultPolicy(), excluded, Source.DEFAULT));
    }

    private Optional<DunningPolicy> byProfile(UUID customerId) {
        Map<String, UUID> chosen = profilePolicies();
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        UUID policyId = chosen.get(profiles.of(customerId).kind().name());
        return policyId == null ? Optional.empty() : latest(policyId);
    }

    /** The policy chosen for each payer profile that has one. */
    public Map<String, UUID> profilePolicies() {
        Map<String, UUID> chosen = new java.util.TreeMap<>();
        jdbc.sql("select profile, policy_id from profile_policy").query((rs, n) -> chosen.put(rs.getString(1), rs.getObject(2, UUID.class)))
                .list();
        return chosen;
    }

    /** Customers of the profile with no policy of their own get {@code policyId} (null: the default again). */
    public void chooseForProfile(PayerProfile.Kind profile, UUID policyId, String actor, Instant at) {
        if (policyId == null) {
            jdbc.sql("delete from profile_policy where profile = ?").param(profile.name()).update();
            return;
        }
        jdbc.sql("""
                        insert into profile_policy (profile, policy_id, updated_by, updated_at) values (?, ?, ?, ?)
                        on conflict (profile) do update set policy_id = excluded.policy_id, updated_by = excluded.updated_by,
                            updated_at = excluded.updated_at""")
                .param(profile.name()).param(policyId).param(actor).param(Timestamp.from(at)).update();
    }

    /** Whether the customer gets no reminders (without loading their policy). */
    public boolean excluded(UUID customerId) {
        return jdbc.sql("select count(*) from customer_dunning where customer_id = ? and excluded").param(customerId)
                .query(Long.class).single() > 0;
    }

    /** Stores the next version of a policy (version 1 for a new one). */
    void insert(DunningPolicy policy, String actor, Instant at) {
        jdbc.sql("""
                        insert into dunning_policy (id, version, name, is_default, repeat_every_days, repeat_max_times,
                            business_days_only, send_from, send_until, created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(policy.id()).param(policy.version()).param(policy.name()).param(policy.isDefault())
                .param(policy.repeatEveryDays()).param(policy.repeatMaxTimes()).param(policy.businessDaysOnly())
                .param(policy.sendFrom() == null ? null : java.sql.Time.valueOf(policy.sendFrom()))
                .param(policy.sendUntil() == null ? null : java.sql.Time.valueOf(policy.sendUntil()))
                .param(actor).param(Timestamp.from(at))
                .update();
        List<DunningPolicy.Step> steps = policy.steps();
        for (int i = 0; i < steps.size(); i++) {
            DunningPolicy.Step step = steps.get(i);
            jdbc.sql("""
                            insert into dunning_step (policy_id, version, position, offset_days, channels, template, tone, escalate)
                            values (?, ?, ?, ?, ?::text[], ?, ?, ?)""")
                    .param(policy.id()).param(policy.version()).param(i).param(step.offsetDays())
                    .param("{" + String.join(",", step.channels()) + "}").param(step.template()).param(step.tone().name())
                    .param(step.escalate())
                    .update();
        }
    }

    /** Locks the policy's versions for the rest of the transaction, so that two edits make two versions. */
    Optional<DunningPolicy> lockLatest(UUID id) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?::text))").param(id).query((rs, n) -> 1).list();
        return latest(id);
    }

    public void assign(UUID customerId, UUID policyId, boolean excluded, String actor, Instant at) {
        jdbc.sql("""
                        insert into customer_dunning (customer_id, policy_id, excluded, updated_by, updated_at) values (?, ?, ?, ?, ?)
                        on conflict (customer_id) do update set policy_id = excluded.policy_id, excluded = excluded.excluded,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .param(customerId).param(policyId).param(excluded).param(actor).param(Timestamp.from(at))
                .update();
    }

    private List<DunningPolicy.Step> steps(UUID id, int version) {
        return jdbc.sql("select * from dunning_step where policy_id = ? and version = ? order by position")
                .param(id).param(version)
                .query((rs, n) -> new DunningPolicy.Step(rs.getInt("offset_days"), texts(rs.getArray("channels")),
                        rs.getString("template"), DunningPolicy.Tone.valueOf(rs.getString("tone")), rs.getBoolean("escalate")))
                .list();
    }

    private static LocalTime time(java.sql.Time time) {
        return time == null ? null : time.toLocalTime();
    }

    private static List<String> texts(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
