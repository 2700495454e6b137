package dev.billing.gateway.staff;

import dev.billing.events.access.Role;
import dev.billing.gateway.RoleNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The staff users in the gateway's database (plain SQL: a small table, read by username). */
@Repository
public class StaffUsers {
    private static final String COLUMNS = "username, display_name, password_hash, roles, enabled, failed_logins, locked_until, created_at, updated_at";
    private final JdbcClient jdbc;

    StaffUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StaffUser> find(String username) {
        return jdbc.sql("select " + COLUMNS + " from staff_user where username = ?").param(username).query(StaffUsers::row).optional();
    }

    /** The user, locked until the end of the transaction: sign-in counts and admin changes do not overwrite each other. */
    Optional<StaffUser> lock(String username) {
        return jdbc.sql("select " + COLUMNS + " from staff_user where username = ? for update").param(username).query(StaffUsers::row).optional();
    }

    public List<StaffUser> page(int page, int size) {
        return jdbc.sql("select " + COLUMNS + " from staff_user order by username limit ? offset ?")
                .param(size).param((long) page * size).query(StaffUsers::row).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from staff_user").query(Long.class).single();
    }

    /** Adds the user; false if the username is taken. */
    boolean insert(StaffUser user) {
        return jdbc.sql("""
                        insert into staff_user (username, display_name, password_hash, roles, enabled, failed_logins, locked_until, created_at, updated_at)
                        values (?, ?, ?, ?::text[], ?, 0, null, ?, ?) on conflict (username) do nothing""")
                .param(user.username()).param(user.displayName()).param(user.passwordHash()).param(RoleNames.sqlArray(user.roles()))
                .param(user.enabled()).param(Timestamp.from(user.createdAt())).param(Timestamp.from(user.updatedAt()))
                .update() == 1;
    }

    void update(StaffUser user) {
        jdbc.sql("""
                        update staff_user set display_name = ?, password_hash = ?, roles = ?::text[], enabled = ?, failed_logins = ?,
                            locked_until = ?, updated_at = ? where username = ?""")
                .param(user.displayName()).param(user.passwordHash()).param(RoleNames.sqlArray(user.roles())).param(user.enabled())
                .param(user.signIn().failedLogins())
                .param(user.signIn().lockedUntil() == null ? null : Timestamp.from(user.signIn().lockedUntil()))
                .param(Timestamp.from(user.updatedAt())).param(user.username())
                .update();
    }

    private static StaffUser row(ResultSet rs, int n) throws SQLException {
        Set<Role> parsed = RoleNames.fromSql(rs.getArray("roles"));
        Timestamp lockedUntil = rs.getTimestamp("locked_until");
        return new StaffUser(rs.getString("username"), rs.getString("display_name"), rs.getString("password_hash"), parsed,
                rs.getBoolean("enabled"), new Lockout.State(rs.getInt("failed_logins"), lockedUntil == null ? null : lockedUntil.toInstant()),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
