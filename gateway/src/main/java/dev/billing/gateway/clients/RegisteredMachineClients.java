package dev.billing.gateway.clients;

import dev.billing.gateway.RoleNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The registered machine clients in the gateway's database (plain SQL: a small table, read by client id). */
@Repository
public class RegisteredMachineClients {
    private static final String COLUMNS = "client_id, secret_hash, roles, enabled, created_by, created_at, updated_at";
    private final JdbcClient jdbc;

    RegisteredMachineClients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MachineClient> find(String clientId) {
        return jdbc.sql("select " + COLUMNS + " from machine_client where client_id = ?").param(clientId)
                .query(RegisteredMachineClients::row).optional();
    }

    Optional<MachineClient> lock(String clientId) {
        return jdbc.sql("select " + COLUMNS + " from machine_client where client_id = ? for update").param(clientId)
                .query(RegisteredMachineClients::row).optional();
    }

    public List<MachineClient> all() {
        return jdbc.sql("select " + COLUMNS + " from machine_client order by client_id").query(RegisteredMachineClients::row).list();
    }

    /** Adds the client; false if the id is taken. */
    boolean insert(MachineClient client) {
        return jdbc.sql("""
                        insert into machine_client (client_id, secret_hash, roles, enabled, created_by, created_at, updated_at)
                        values (?, ?, ?::text[], ?, ?, ?, ?) on conflict (client_id) do nothing""")
                .param(client.clientId()).param(client.secretHash()).param(RoleNames.sqlArray(client.roles()))
                .param(client.enabled()).param(client.createdBy()).param(Timestamp.from(client.createdAt()))
                .param(Timestamp.from(client.updatedAt()))
                .update() == 1;
    }

    void update(MachineClient client) {
        jdbc.sql("update machine_client set secret_hash = ?, roles = ?::text[], enabled = ?, updated_at = ? where client_id = ?")
                .param(client.secretHash()).param(RoleNames.sqlArray(client.roles())).param(client.enabled())
                .param(Timestamp.from(client.updatedAt())).param(client.clientId())
                .update();
    }

    private static MachineClient row(ResultSet rs, int n) throws SQLException {
        return new MachineClient(rs.getString("client_id"), rs.getString("secret_hash"), RoleNames.fromSql(rs.getArray("roles")),
                rs.getBoolean("enabled"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
