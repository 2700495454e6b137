package dev.billing.gateway.ui;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The period a statement page asks invoice-service for: as typed; what is left out invoice-service fills in (to: the
 * customer's today by platform time, from: the first day of that year), and the page shows the period it answered for.
 */
final class StatementQuery {
    private StatementQuery() {
    }

    /** The query parameters; blank ones are not sent. */
    static Map<String, String> period(String from, String to) {
        Map<String, String> query = new HashMap<>();
        query.put("from", from);
        query.put("to", to);
        return query;
    }

    /** The period's {@code field} as the statement has it, else as typed. */
    static String shown(ServiceCalls.Answer statement, String field, String typed) {
        JsonNode value = statement.ok() ? statement.body().path(field) : null;
        return value != null && value.isString() ? value.asString() : typed;
    }
}
