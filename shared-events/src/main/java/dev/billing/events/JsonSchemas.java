package dev.billing.events;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Derives the JSON Schema (draft 2020-12) of an event record from its components. The schema files
 * shipped in {@code schemas/} are this output; a test fails when they drift apart.
 * Amounts are decimal strings, never JSON numbers, so no consumer reads them as floating point.
 */
public final class JsonSchemas {
    static final String DECIMAL_PATTERN = "^-?[0-9]+(\\\\.[0-9]+)?$";

    public static String schemaOf(EventType<?> type) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n");
        json.append("  \"$id\": \"").append(type.schemaFile()).append("\",\n");
        json.append("  \"title\": \"").append(type.name()).append("\",\n");
        json.append("  \"description\": \"").append(escape(type.description())).append("\",\n");
        objectBody(type.payloadClass(), json, "  ");
        json.append("\n}\n");
        return json.toString();
    }

    /** The names of the components a consumer must find in the data. */
    public static List<String> requiredComponents(Class<? extends Record> recordClass) {
        List<String> required = new ArrayList<>();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            if (!component.isAnnotationPresent(OptionalField.class)) {
                required.add(component.getName());
            }
        }
        return required;
    }

    private static void objectBody(Class<?> recordClass, StringBuilder json, String indent) {
        json.append(indent).append("\"type\": \"object\",\n");
        json.append(indent).append("\"additionalProperties\": true,\n");
        json.append(indent).append("\"properties\": {\n");
        RecordComponent[] components = recordClass.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            json.append(indent).append("  \"").append(c.getName()).append("\": ");
            typeOf(c.getGenericType(), json, indent + "  ", c.isAnnotationPresent(OptionalField.class));
            json.append(i < components.length - 1 ? ",\n" : "\n");
        }
        json.append(indent).append("},\n");
        json.append(indent).append("\"required\": [");
        @SuppressWarnings("unchecked")
        List<String> required = requiredComponents((Class<? extends Record>) recordClass);
        for (int i = 0; i < required.size(); i++) {
            json.append(i > 0 ? ", " : "").append('"').append(required.get(i)).append('"');
        }
        json.append("]");
    }

    private static void typeOf(Type type, StringBuilder json, String indent, boolean nullable) {
        String nullSuffix = nullable ? ", \"null\"]" : "\"";
        String typePrefix = nullable ? "\"type\": [\"" : "\"type\": \"";
        String close = nullable ? "\"" : "";
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            json.append("{ ").append(typePrefix).append("array").append(close).append(nullSuffix).append(", \"items\": ");
            typeOf(p.getActualTypeArguments()[0], json, indent + "  ", false);
            json.append(" }");
            return;
        }
        Class<?> raw = (Class<?>) type;
        if (raw.isRecord()) {
            json.append("{\n");
            objectBody(raw, json, indent + "  ");
            json.append("\n").append(indent).append("}");
            return;
        }
        String format = null;
        String pattern = null;
        String encoding = null;
        String jsonType;
        if (raw == String.class) {
            jsonType = "string";
        } else if (raw == UUID.class) {
            jsonType = "string";
            format = "uuid";
        } else if (raw == Instant.class) {
            jsonType = "string";
            format = "date-time";
        } else if (raw == LocalDate.class) {
            jsonType = "string";
            format = "date";
        } else if (raw == BigDecimal.class) {
            jsonType = "string";
            pattern = DECIMAL_PATTERN;
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            jsonType = "integer";
        } else if (raw == boolean.class || raw == Boolean.class) {
            jsonType = "boolean";
        } else if (raw == byte[].class) {
            jsonType = "string";
            encoding = "base64";
        } else {
            throw new IllegalArgumentException("No JSON Schema mapping for " + raw.getName());
        }
        json.append("{ ").append(typePrefix).append(jsonType).append(close).append(nullSuffix);
        if (format != null) {
            json.append(", \"format\": \"").append(format).append('"');
        }
        if (pattern != null) {
            json.append(", \"pattern\": \"").append(pattern).append('"');
        }
        if (encoding != null) {
            json.append(", \"contentEncoding\": \"").append(encoding).append('"');
        }
        json.append(" }");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private JsonSchemas() {
    }
}
