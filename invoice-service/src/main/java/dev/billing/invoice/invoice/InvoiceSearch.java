package dev.billing.invoice.invoice;

import dev.billing.support.sql.Like;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A search over invoices: one of MiniCRM's saved filters and/or free criteria, with sorting and
 * paging. Turns into one parameterised SQL statement; sort keys come from a fixed list.
 */
public record InvoiceSearch(SavedFilter filter, UUID customerId, InvoiceStatus status, String number, String customerName,
                            LocalDate issuedFrom, LocalDate issuedTo, LocalDate dueFrom, LocalDate dueTo,
                            BigDecimal minTotal, BigDecimal maxTotal, String sort, int page, int size, Instant now) {

    /** MiniCRM's saved filters. */
    public enum SavedFilter {
        ISSUED, OVERDUE_UNPAID, PAID_LAST_7_DAYS, STORNO;

        public static SavedFilter parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public static final Map<String, String> SORT_COLUMNS = Map.of(
            "createdAt", "created_at", "issueDate", "issue_date", "dueDate", "due_date", "total", "total",
            "number", "number_sort", "openAmount", "open_amount", "customerName", "bill_to_name");

    public record Sql(String text, List<Object> params) {
    }

    public Sql toSql(String select) {
        Sql where = where();
        String key = sort == null || sort.isBlank() ? "-createdAt" : sort;
        boolean descending = key.startsWith("-");
        String column = SORT_COLUMNS.get(descending ? key.substring(1) : key);
        if (column == null) {
            throw new IllegalArgumentException("unknown sort key " + key);
        }
        List<Object> params = new ArrayList<>(where.params());
        params.add(size);
        params.add((long) page * size);
        return new Sql(select + where.text() + " order by " + column + (descending ? " desc" : " asc")
                + " nulls last, id limit ? offset ?", params);
    }

    public Sql countSql() {
        Sql where = where();
        return new Sql("select count(*) from invoice" + where.text(), where.params());
    }

    private Sql where() {
        StringBuilder sql = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (filter != null) {
            switch (filter) {
                case ISSUED -> sql.append(" and status = 'ISSUED'");
                case OVERDUE_UNPAID -> sql.append(" and status in ('ISSUED', 'PARTIALLY_PAID') and overdue_at is not null");
                case PAID_LAST_7_DAYS -> {
                    sql.append(" and status = 'PAID' and paid_at >= ?");
                    params.add(Timestamp.from(now.minusSeconds(7 * 24 * 3600)));
                }
                case STORNO -> sql.append(" and status = 'CANCELLED'");
            }
        }
        if (customerId != null) {
            sql.append(" and customer_id = ?");
            params.add(customerId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.name());
        }
        if (number != null && !number.isBlank()) {
            // numbers are capitals, digits and dashes: a prefix match can use the number index
            sql.append(" and number like ?");
            params.add(Like.escape(number.trim().toUpperCase(Locale.ROOT)) + "%");
        }
        if (customerName != null && !customerName.isBlank()) {
            sql.append(" and bill_to_name ilike ?");
            params.add(Like.containing(customerName.trim()));
        }
        range(sql, params, "issue_date", issuedFrom, issuedTo);
        range(sql, params, "due_date", dueFrom, dueTo);
        range(sql, params, "total", minTotal, maxTotal);
        return new Sql(sql.toString(), params);
    }

    private static void range(StringBuilder sql, List<Object> params, String column, Object from, Object to) {
        if (from != null) {
            sql.append(" and ").append(column).append(" >= ?");
            params.add(from);
        }
        if (to != null) {
            sql.append(" and ").append(column).append(" <= ?");
            params.add(to);
        }
    }

}
