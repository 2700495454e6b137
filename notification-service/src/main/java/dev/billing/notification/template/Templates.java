package dev.billing.notification.template;

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

    public record Template(String code, String language, String channel, String subject, String body) {
    }

    /** The template in {@code language}, or in English when that language has none. */
    public Template find(String code, String language, String channel) {
        return lookup(code, language, channel).orElseThrow(() -> new IllegalStateException("No template " + code + "/" + channel));
    }

    /** The same, for a code that comes from outside (a dunning policy's step): none is an answer, not an error. */
    public Optional<Template> lookup(String code, String language, String channel) {
        return load(code, language, channel).or(() -> load(code, FALLBACK_LANGUAGE, channel));
    }

    private Optional<Template> load(String code, String language, String channel) {
        return jdbc.sql("select * from message_template where code = :code and language = :language and channel = :channel")
                .param("code", code).param("language", language).param("channel", channel)
                .query((rs, n) -> new Template(rs.getString("code"), rs.getString("language"), rs.getString("channel"),
                        rs.getString("subject"), rs.getString("body")))
                .optional();
    }
}
