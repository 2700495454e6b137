package dev.billing.support.sql;

/** Text that a user searches for, made safe for SQL {@code LIKE}/{@code ILIKE}: its wildcards match themselves. */
public final class Like {
    private Like() {
    }

    /** {@code %}, {@code _} and the escape character itself escaped with a backslash (PostgreSQL's default). */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A pattern that matches any text containing {@code text}. */
    public static String containing(String text) {
        return "%" + escape(text) + "%";
    }
}
