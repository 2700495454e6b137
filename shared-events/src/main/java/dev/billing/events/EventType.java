package dev.billing.events;

/**
 * One published event type: its versioned CloudEvents {@code ce_type}, the topic it travels on, the
 * record that is its JSON data, and what it means.
 */
public record EventType<T extends Record>(String type, String topic, Class<T> payloadClass, String description) {

    /** The event's name without version, e.g. {@code InvoiceIssued}. */
    public String name() {
        return payloadClass.getSimpleName();
    }

    /** The version number taken from the type's {@code .vN} suffix. */
    public int version() {
        return Integer.parseInt(type.substring(type.lastIndexOf(".v") + 2));
    }

    /** The file name of the JSON Schema under {@code schemas/} in this module's resources. */
    public String schemaFile() {
        return type + ".schema.json";
    }
}
