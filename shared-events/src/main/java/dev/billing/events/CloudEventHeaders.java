package dev.billing.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as {@code ce_}
 * headers, the data (JSON) is the record value, the key is the customer id. Two extension attributes say
 * who caused the event: {@code actor} (the access token's subject: a staff member's username, a machine
 * client's id; {@code system} for scheduled work and consumed events) and {@code actorname} (its display name).
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String ACTOR = "ce_actor";
    public static final String ACTOR_NAME = "ce_actorname";
    /** The actor of scheduled work and of events written while consuming others. */
    public static final String SYSTEM_ACTOR = "system";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    /** The headers of one event, in the order they are written. */
    public static Map<String, String> binaryMode(String id, String type, String source, Instant time, String subject,
                                                 String actor, String actorName) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(SPEC_VERSION, SPEC_VERSION_VALUE);
        headers.put(TYPE, type);
        headers.put(SOURCE, source);
        headers.put(TIME, time.toString());
        if (subject != null) {
            headers.put(SUBJECT, subject);
        }
        headers.put(ACTOR, actor);
        headers.put(ACTOR_NAME, actorName);
        headers.put(CONTENT_TYPE, JSON);
        return headers;
    }

    private CloudEventHeaders() {
    }
}
