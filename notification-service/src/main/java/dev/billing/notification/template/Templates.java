package dev.billing.notification.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Templates {
    public static final String FALLBACK_LANGUAGE = "en";
    private final JdbcClient jdbc;

    public Templates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Template(String code, String language, String channel, String subject, String body, int version) {
    }

    /** The template in {@code language}, or in English when that language has none. */
    public Template find(String code, String language, String channel) {
        return lookup(code, language, channel).orElseThrow(() -> new IllegalStateException("No template " + code + "/" + channel));
    }

    /** The same, for a code that comes from outside (a dunning policy's step): none is an answer, not an error. */
    public Optional<Template> lookup(String code, String language, String channel) {
        return load(code, language, channel).or(() -> load(code, FALLBACK_LANGUAGE, channel));
    }

    /** The current version of each template, by code, language and channel. */
    public List<Template> all() {
        return jdbc.sql("select * from message_template order by code, channel, language").query(Templates::row).list();
    }

    /** Exactly this template (no fallback language), at one of its versions or the current one (null). */
    public Optional<Template> exactly(String code, String language, String channel, Integer version) {
        if (version == null) {
            return load(code, language, channel);
        }
        return jdbc.sql("""
                        select * from message_template_version where code = :code and language = :language and channel = :channel
                        and version = :version""")
                .param("code", code).param("language", language).param("channel", channel).param("version", version)
                .query(Templates::row).optional();
    }

    /** Stores a new version (1 for a new template); answers it. */
    public Template save(String code, String language, String channel, String subject, String body, String actor, Instant at) {
        int version = jdbc.sql("""
                        insert into message_template (code, language, channel, subject, body, version, updated_by, updated_at)
                        values (:code, :language, :channel, :subject, :body, 1, :actor, :at)
                        on conflict (code, language, channel) do update set subject = excluded.subject, body = excluded.body,
                            version = message_template.version + 1, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                        returning version""")
                .param("code", code).param("language", language).param("channel", channel).param("subject", subject)
                .param("body", body).param("actor", actor).param("at", Timestamp.from(at))
                .query(Integer.class).single();
        jdbc.sql("""
                        insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
                        values (:code, :language, :channel, :version, :subject, :body, :actor, :at)""")
                .param("code", code).param("language", language).param("channel", channel).param("version", version)
                .param("subject", subject).param("body", body).param("actor", actor).param("at", Timestamp.from(at))
                .update();
        return new Template(code, language, channel, subject, body, version);
    }

    private static Template row(ResultSet rs, int n) throws SQLException {
        return new Template(rs.getString("code"), rs.getString("language"), rs.getString("channel"), rs.getString("subject"),
                rs.getString("body"), rs.getInt("version"));
    }

    private Optional<Template> load(String code, String language, String channel) {
        return jdbc.sql("select * from message_template where code = :code and language = :language and channel = :channel")
                .param("code", code).param("language", language).param("channel", channel)
                .query(Templates::row)
                .optional();
    }
}
