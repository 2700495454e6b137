package dev.billing.notification.preference;

import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The channels a customer opted out of for reminders ({@link PreferenceController}): a reminder due on such a channel
 * is recorded as SKIPPED with the reason instead of being sent.
 */
@Repository
public class ChannelPreferences {
    public static final Set<String> CHANNELS = Set.of("EMAIL", "SMS", "WHATSAPP");
    private final JdbcClient jdbc;
    private final Clock clock;

    ChannelPreferences(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Preferences(UUID customerId, List<String> optOut) {
    }

    public boolean optedOut(UUID customerId, String channel) {
        return jdbc.sql("select count(*) from channel_opt_out where customer_id = ? and channel = ?").param(customerId).param(channel)
                .query(Long.class).single() > 0;
    }

    public Preferences get(UUID customerId) {
        return new Preferences(customerId, jdbc.sql("select channel from channel_opt_out where customer_id = ? order by channel")
                .param(customerId).query(String.class).list());
    }

    @Transactional
    public Preferences replace(UUID customerId, Preferences request) {
        Set<String> channels = new TreeSet<>();
        for (String channel : request.optOut() == null ? List.<String>of() : request.optOut()) {
            String name = channel == null ? "" : channel.strip().toUpperCase(Locale.ROOT);
            if (!CHANNELS.contains(name)) {
                throw ApiProblem.badRequest("optOut", "must each be one of EMAIL, SMS, WHATSAPP");
            }
            channels.add(name);
        }
        Instant now = clock.instant();
        jdbc.sql("delete from channel_opt_out where customer_id = ?").param(customerId).update();
        for (String channel : channels) {
            jdbc.sql("insert into channel_opt_out (customer_id, channel, updated_by, updated_at) values (?, ?, ?, ?)")
                    .param(customerId).param(channel).param(Actor.current().id()).param(Timestamp.from(now)).update();
        }
        return get(customerId);
    }
}
