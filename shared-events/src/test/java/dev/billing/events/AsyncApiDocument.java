package dev.billing.events;

import java.util.List;

/** Renders asyncapi.yaml from the catalogue; used to (re)write the committed document. */
final class AsyncApiDocument {

    static String channelId(String topic) {
        StringBuilder id = new StringBuilder();
        boolean upper = false;
        for (char c : topic.toCharArray()) {
            if (c == '.' || c == '-') {
                upper = true;
            } else {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return id.toString();
    }

    static String render() {
        StringBuilder y = new StringBuilder();
        y.append("""
                asyncapi: 3.0.0
                info:
                  title: Billing & collections platform events
                  version: 1.0.0
                  description: |
                    Every event the platform publishes. Messages travel as CloudEvents 1.0 in Kafka binary mode:
                    the attributes are the headers ce_id, ce_specversion, ce_type (versioned, e.g. invoice.issued.v1),
                    ce_source, ce_time and ce_subject, and the extensions ce_actor and ce_actorname (who caused it); the value is the JSON data described by the payload schema;
                    the key is the customer (billing account) id, so one customer's events are ordered within a topic.
                    Within a version only optional fields are added; a breaking change is a new ce_type.
                    A message that a consumer can never process is parked on <topic>.dlq with the reason in
                    the headers x-exception-message and x-original-topic.
                defaultContentType: application/json
                servers:
                  local:
                    host: localhost:9092
                    protocol: kafka
                    description: the broker started by local-platform
                channels:
                """);
        for (String topic : Topics.all()) {
            y.append("  ").append(channelId(topic)).append(":\n");
            y.append("    address: ").append(topic).append("\n");
            y.append("    messages:\n");
            for (EventType<?> type : typesOn(topic)) {
                y.append("      ").append(type.name()).append(":\n");
                y.append("        $ref: '#/components/messages/").append(type.name()).append("'\n");
            }
        }
        y.append("operations:\n");
        for (String topic : Topics.all()) {
            String id = channelId(topic);
            y.append("  publish").append(Character.toUpperCase(id.charAt(0))).append(id.substring(1)).append(":\n");
            y.append("    action: send\n");
            y.append("    channel:\n");
            y.append("      $ref: '#/channels/").append(id).append("'\n");
            y.append("    messages:\n");
            for (EventType<?> type : typesOn(topic)) {
                y.append("      - $ref: '#/channels/").append(id).append("/messages/").append(type.name()).append("'\n");
            }
        }
        y.append("components:\n");
        y.append("  messageTraits:\n");
        y.append("    cloudEvent:\n");
        y.append("      headers:\n");
        y.append("        type: object\n");
        y.append("        required: [ce_id, ce_specversion, ce_type, ce_source, ce_time, ce_actor, ce_actorname]\n");
        y.append("        properties:\n");
        for (String header : List.of("ce_id", "ce_specversion", "ce_type", "ce_source", "ce_time", "ce_subject")) {
            y.append("          ").append(header).append(":\n");
            y.append("            type: string\n");
        }
        y.append("""
                          ce_actor:
                            type: string
                            description: |
                              CloudEvents extension attribute "actor": who caused the event. The subject of the access token of the
                              request that wrote it (a staff member's username, a machine client's id), or "system" for scheduled
                              work and for events written while consuming other events.
                          ce_actorname:
                            type: string
                            description: CloudEvents extension attribute "actorname", the actor's display name ("system" for the system).
                """);
        y.append("  messages:\n");
        for (EventType<?> type : EventCatalog.all()) {
            y.append("    ").append(type.name()).append(":\n");
            y.append("      name: ").append(type.type()).append("\n");
            y.append("      title: ").append(type.name()).append("\n");
            y.append("      summary: \"").append(type.description().replace("\"", "'")).append("\"\n");
            y.append("      contentType: application/json\n");
            y.append("      traits:\n");
            y.append("        - $ref: '#/components/messageTraits/cloudEvent'\n");
            y.append("      payload:\n");
            y.append("        $ref: './schemas/").append(type.schemaFile()).append("'\n");
        }
        return y.toString();
    }

    private static List<EventType<?>> typesOn(String topic) {
        return EventCatalog.all().stream().filter(t -> t.topic().equals(topic)).toList();
    }

    private AsyncApiDocument() {
    }
}
