package dev.billing.support.events;

import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON form of event data: ISO-8601 dates and instants, amounts as plain decimal strings
 * (never floating point, never exponents), unknown fields ignored so that added optional fields
 * do not break older consumers.
 */
public final class EventJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("decimal-strings").addSerializer(BigDecimal.class, new PlainDecimalSerializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object payload) {
        return MAPPER.writeValueAsString(payload);
    }

    private static final class PlainDecimalSerializer extends ValueSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(value.toPlainString());
        }
    }

    private EventJson() {
    }
}
