package dev.billing.support.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates request bodies that are wrong in one or several places: missing fields, nulls, wrong
 * JSON types, huge and negative numbers, unknown codes, very long strings, impossible dates, broken
 * syntax. Seeded, so a failure can be reproduced; the seed is part of each case's name.
 */
public final class MalformedBodies {
    private static final String HUGE = "x".repeat(10 * 1024 * 1024);
    private static final List<Object> WRONG_VALUES = List.of("", " ", "-1", "-0.01", "1e400", "999999999999999999999999.99",
            "NaN", "Infinity", "0x1F", "12,50", "ABC", "XXX", "tr-TR", "2027-02-30", "2027-13-01", "31/12/2027", "yesterday",
            "not-a-uuid", "00000000-0000-0000-0000-000000000000", "<script>alert(1)</script>", "'; drop table invoice; --",
            -1, -999999999, 1e308, Long.MAX_VALUE, 3.14159, 0, true, false, List.of(), List.of(1, 2), Map.of(), Map.of("a", 1));

    public record Case(String name, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * {@code count} malformed variants of {@code valid} (whose values are JSON-able), from {@code seed}.
     * Every variant breaks one of the {@code required} fields for certain (missing, null, or an object
     * or array where a scalar belongs), and may break others at random on top.
     */
    public static List<Case> of(Map<String, Object> valid, List<String> required, int count, long seed) {
        Random random = new Random(seed);
        List<String> fields = new ArrayList<>(valid.keySet());
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty body", ""));
        cases.add(new Case("not json", "{not json"));
        cases.add(new Case("json array", "[]"));
        cases.add(new Case("json string", "\"hello\""));
        cases.add(new Case("truncated", ApiClient.json(valid).substring(0, ApiClient.json(valid).length() / 2)));
        for (String field : fields) {
            Map<String, Object> body = new LinkedHashMap<>(valid);
            body.put(field, HUGE);
            cases.add(new Case(field + " = 10 MB string", ApiClient.json(body)));
        }
        while (cases.size() < count) {
            Map<String, Object> body = new LinkedHashMap<>(valid);
            StringBuilder name = new StringBuilder("seed " + seed + " #" + cases.size() + ":");
            String broken = required.get(random.nextInt(required.size()));
            Object certainlyWrong = List.of("<missing>", "<null>", Map.of("nested", 1), List.of("a")).get(random.nextInt(4));
            if ("<missing>".equals(certainlyWrong)) {
                body.remove(broken);
            } else {
                body.put(broken, "<null>".equals(certainlyWrong) ? null : certainlyWrong);
            }
            name.append(' ').append(broken).append('=').append(certainlyWrong);
            int changes = random.nextInt(3);
            for (int i = 0; i < changes; i++) {
                String field = fields.get(random.nextInt(fields.size()));
                if (field.equals(broken)) {
                    continue;
                }
                int kind = random.nextInt(10);
                if (kind == 0) {
                    body.remove(field);
                    name.append(" -").append(field);
                } else if (kind == 1) {
                    body.put(field, null);
                    name.append(' ').append(field).append("=null");
                } else {
                    Object value = WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()));
                    body.put(field, value);
                    name.append(' ').append(field).append('=').append(value);
                }
            }
            cases.add(new Case(name.toString(), ApiClient.json(body)));
        }
        return cases;
    }

    /** Text that would break a PDF or UBL: each must be refused in a free-text field. */
    public static final List<String> CONTROL_CHARACTERS = List.of("Acme\u0000Ltd", "bell\u0007", "\u001b[31mred",
            "non\uffffcharacter");
    /** Numbers that pass as decimals but cannot fit numeric(19,4) (13 integer digits at most). */
    public static final List<String> TOO_LARGE_NUMBERS = List.of("99999999999999", "12345678901234567890.5", "1e20");

    /** {@code valid} with {@code field} set to each of {@code values}, one case each. */
    public static List<Case> withValues(Map<String, Object> valid, String field, List<String> values) {
        List<Case> cases = new ArrayList<>();
        for (String value : values) {
            Map<String, Object> body = new LinkedHashMap<>(valid);
            body.put(field, value);
            cases.add(new Case(field + " = " + value.replaceAll("\\p{Cc}|\\p{Cs}|\\uffff", "?"), ApiClient.json(body)));
        }
        return cases;
    }

    private MalformedBodies() {
    }
}
