package dev.billing.dispute.dispute;

import dev.billing.dispute.attachment.AttachmentRules;
import dev.billing.events.billing.RequestedLine;
import dev.billing.events.dispute.DisputedLine;
import dev.billing.support.events.EventJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * The disputes, their threads and files, in PostgreSQL through JdbcClient rather than JPA: every change of a dispute
 * happens under its row lock ({@code select ... for update}, and the invoice's when one is opened), the lists and the
 * overdue scan are set-based statements, and the files are bytea read one at a time, never loaded with the thread.
 * An aggregate this small gains nothing from a persistence context.
 */
@Repository
public class Disputes {
    private static final TypeReference<List<DisputedLine>> DISPUTED_LINES = new TypeReference<>() {
    };
    private static final TypeReference<List<RequestedLine>> REQUESTED_LINES = new TypeReference<>() {
    };
    private final JdbcClient jdbc;

    Disputes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next human number, DSP-000123. */
    String nextNumber() {
        long n = jdbc.sql("select nextval('dispute_number')").query(Long.class).single();
        return String.format("DSP-%06d", n);
    }

    boolean openExistsFor(UUID invoiceId) {
        return jdbc.sql("select exists (select 1 from dispute where invoice_id = ? and status in ('OPEN', 'UNDER_REVIEW'))")
                .param(invoiceId).query(Boolean.class).single();
    }

    void insert(Dispute d, Instant now) {
        jdbc.sql("""
                        insert into dispute (id, number, customer_id, customer_name, invoice_id, invoice_number, currency, invoice_total,
                            reason, disputed_amount, disputed_lines, status, opened_by, opened_at, time_zone, assignee, respond_by,
                            delivered_at, objection_deadline, late_objection, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(d.id()).param(d.number()).param(d.customerId()).param(d.customerName()).param(d.invoiceId())
                .param(d.invoiceNumber()).param(d.currency()).param(d.invoiceTotal()).param(d.reason().name())
                .param(d.disputedAmount()).param(json(d.lines())).param(d.status().name()).param(d.openedBy())
                .param(ts(d.openedAt())).param(d.timeZone()).param(d.assignee()).param(ts(d.respondBy()))
                .param(ts(d.deliveredAt())).param(ts(d.objectionDeadline())).param(d.lateObjection()).param(ts(now)).update();
    }

    public Optional<Dispute> find(UUID id) {
        return jdbc.sql("select * from dispute where id = ?").param(id).query(Disputes::row).optional();
    }

    Optional<Dispute> lock(UUID id) {
        return jdbc.sql("select * from dispute where id = ? for update").param(id).query(Disputes::row).optional();
    }

    public List<Dispute> ofInvoice(UUID invoiceId) {
        return jdbc.sql("select * from dispute where invoice_id = ? order by opened_at desc, number desc").param(invoiceId)
                .query(Disputes::row).list();
    }

    public List<Dispute> ofCustomer(UUID customerId, UUID invoiceId) {
        return jdbc.sql("""
                        select * from dispute where customer_id = ? and (cast(? as uuid) is null or invoice_id = ?)
                        order by opened_at desc, number desc limit 500""")
                .param(customerId).param(invoiceId).param(invoiceId).query(Disputes::row).list();
    }

    /** The filters of {@code GET /api/disputes}; null: any. */
    public record Filter(DisputeStatus status, Reason reason, UUID customerId, UUID invoiceId, String assignee, String view,
                         String caller, Instant now, Instant slaHorizon) {
    }

    public record Page(List<Dispute> items, long total) {
    }

    public Page list(Filter f, int page, int size) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (f.status() != null) {
            where.append(" and status = :status");
            params.put("status", f.status().name());
        }
        if (f.reason() != null) {
            where.append(" and reason = :reason");
            params.put("reason", f.reason().name());
        }
        if (f.customerId() != null) {
            where.append(" and customer_id = :customerId");
            params.put("customerId", f.customerId());
        }
        if (f.invoiceId() != null) {
            where.append(" and invoice_id = :invoiceId");
            params.put("invoiceId", f.invoiceId());
        }
        if (f.assignee() != null) {
            where.append(" and assignee = :assignee");
            params.put("assignee", f.assignee());
        }
        String order = " order by opened_at desc, number desc";
        switch (f.view()) {
            case "unassigned" -> where.append(" and assignee is null and status in ('OPEN', 'UNDER_REVIEW')");
            case "mine" -> {
                where.append(" and assignee = :caller and status in ('OPEN', 'UNDER_REVIEW')");
                params.put("caller", f.caller());
            }
            case "sla-due" -> {
                where.append(" and status in ('OPEN', 'UNDER_REVIEW') and first_response_at is null and respond_by <= :horizon");
                params.put("horizon", ts(f.slaHorizon()));
                order = " order by respond_by, number";
            }
            default -> {
            }
        }
        JdbcClient.StatementSpec count = jdbc.sql("select count(*) from dispute" + where);
        JdbcClient.StatementSpec select = jdbc.sql("select * from dispute" + where + order + " limit :limit offset :offset");
        for (Map.Entry<String, Object> p : params.entrySet()) {
            count = count.param(p.getKey(), p.getValue());
            select = select.param(p.getKey(), p.getValue());
        }
        long total = count.query(Long.class).single();
        List<Dispute> items = select.param("limit", size).param("offset", (long) page * size).query(Disputes::row).list();
        return new Page(items, total);
    }

    void assigned(UUID id, String assignee, DisputeStatus status, Instant now) {
        jdbc.sql("update dispute set assignee = ?, status = ?, updated_at = ? where id = ?")
                .param(assignee).param(status.name()).param(ts(now)).param(id).update();
    }

    void answered(UUID id, DisputeStatus status, Instant firstResponseAt, Instant now) {
        jdbc.sql("update dispute set status = ?, first_response_at = coalesce(first_response_at, ?), updated_at = ? where id = ?")
                .param(status.name()).param(ts(firstResponseAt)).param(ts(now)).param(id).update();
    }

    void proposed(UUID id, Proposal p, String by, Instant now) {
        jdbc.sql("""
                        update dispute set proposal_outcome = ?, proposal_amount = ?, proposal_lines = ?::jsonb,
                            proposal_corrected_lines = ?::jsonb, proposal_resolution = ?, proposed_by = ?, proposed_at = ?, updated_at = ?,
                            status = case when status = 'OPEN' then 'UNDER_REVIEW' else status end
                        where id = ?""")
                .param(p.outcome().name()).param(p.amount()).param(json(p.lines())).param(json(p.correctedLines()))
                .param(p.resolution()).param(by).param(ts(now)).param(ts(now)).param(id).update();
    }

    void proposalDropped(UUID id, Instant now) {
        jdbc.sql("""
                        update dispute set proposal_outcome = null, proposal_amount = null, proposal_lines = null,
                            proposal_corrected_lines = null, proposal_resolution = null, proposed_by = null, proposed_at = null,
                            updated_at = ? where id = ?""")
                .param(ts(now)).param(id).update();
    }

    void resolved(UUID id, Outcome outcome, String resolution, String approvedBy, Instant now) {
        jdbc.sql("""
                        update dispute set status = 'RESOLVED', outcome = ?, resolution = ?, resolved_at = ?, approved_by = ?,
                            first_response_at = coalesce(first_response_at, ?), updated_at = ? where id = ?""")
                .param(outcome.name()).param(resolution).param(ts(now)).param(approvedBy).param(ts(now)).param(ts(now)).param(id).update();
    }

    void withdrawn(UUID id, String reason, Instant now) {
        jdbc.sql("update dispute set status = 'WITHDRAWN', withdrawn_reason = ?, resolved_at = ?, updated_at = ? where id = ?")
                .param(reason).param(ts(now)).param(ts(now)).param(id).update();
    }

    /** Adds a message and its files; answers the message with its attachments' ids. */
    Dispute.Message addMessage(UUID disputeId, String side, String author, String body, boolean internal, boolean copyRequested,
                               List<AttachmentRules.Checked> files, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into dispute_message (id, dispute_id, side, author, body, internal, invoice_copy_requested, posted_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(id).param(disputeId).param(side).param(author).param(body).param(internal).param(copyRequested).param(ts(now)).update();
        List<Dispute.Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            AttachmentRules.Checked file = files.get(i);
            UUID attachmentId = UUID.randomUUID();
            jdbc.sql("""
                            insert into dispute_attachment (id, message_id, dispute_id, position, file_name, content_type, size, content)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .param(attachmentId).param(id).param(disputeId).param(i).param(file.fileName()).param(file.contentType())
                    .param(file.size()).param(file.bytes()).update();
            attachments.add(new Dispute.Attachment(attachmentId, id, file.fileName(), file.contentType(), file.size()));
        }
        return new Dispute.Message(id, side, author, body, internal, now, copyRequested, List.copyOf(attachments));
    }

    /** The thread in order; without the internal notes when {@code withInternal} is false. */
    public List<Dispute.Message> messages(UUID disputeId, boolean withInternal) {
        Map<UUID, List<Dispute.Attachment>> files = new LinkedHashMap<>();
        jdbc.sql("select id, message_id, file_name, content_type, size from dispute_attachment where dispute_id = ? order by message_id, position")
                .param(disputeId)
                .query((rs, n) -> new Dispute.Attachment(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class),
                        rs.getString("file_name"), rs.getString("content_type"), rs.getLong("size")))
                .list().forEach(a -> files.computeIfAbsent(a.messageId(), k -> new ArrayList<>()).add(a));
        return jdbc.sql("select * from dispute_message where dispute_id = ? and (internal = false or ?) order by seq")
                .param(disputeId).param(withInternal)
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Dispute.Message(id, rs.getString("side"), rs.getString("author"), rs.getString("body"),
                            rs.getBoolean("internal"), rs.getTimestamp("posted_at").toInstant(), rs.getBoolean("invoice_copy_requested"),
                            List.copyOf(files.getOrDefault(id, List.of())));
                }).list();
    }

    /** A file and its bytes. */
    public record Content(Dispute.Attachment attachment, boolean internal, byte[] bytes) {
    }

    public Optional<Content> attachment(UUID disputeId, UUID attachmentId) {
        return jdbc.sql("""
                        select a.id, a.message_id, a.file_name, a.content_type, a.size, a.content, m.internal
                        from dispute_attachment a join dispute_message m on m.id = a.message_id
                        where a.dispute_id = ? and a.id = ?""")
                .param(disputeId).param(attachmentId)
                .query((rs, n) -> new Content(new Dispute.Attachment(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class),
                        rs.getString("file_name"), rs.getString("content_type"), rs.getLong("size")), rs.getBoolean("internal"),
                        rs.getBytes("content")))
                .optional();
    }

    /** The figures of {@code GET /api/disputes/summary}. */
    public record Summary(long open, long underReview, Map<String, Long> byReason, Map<String, Long> byOutcome,
                          Instant oldestOpenedAt, Double averageSecondsToFirstResponse, Double averageSecondsToResolution) {
    }

    public Summary summary() {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.sql("select status, count(*) n from dispute group by status").query((rs, n) -> byStatus.put(rs.getString(1), rs.getLong(2))).list();
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Reason reason : Reason.values()) {
            byReason.put(reason.name(), 0L);
        }
        jdbc.sql("select reason, count(*) from dispute group by reason").query((rs, n) -> byReason.put(rs.getString(1), rs.getLong(2))).list();
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            byOutcome.put(outcome.name(), 0L);
        }
        jdbc.sql("select outcome, count(*) from dispute where outcome is not null group by outcome")
                .query((rs, n) -> byOutcome.put(rs.getString(1), rs.getLong(2))).list();
        // min() and avg() over no rows are null: optional() reads that as empty, single() would refuse it
        Double firstResponse = jdbc.sql("select avg(extract(epoch from first_response_at - opened_at))::float8 from dispute where first_response_at is not null")
                .query(Double.class).optional().orElse(null);
        Double resolution = jdbc.sql("select avg(extract(epoch from resolved_at - opened_at))::float8 from dispute where status = 'RESOLVED'")
                .query(Double.class).optional().orElse(null);
        return new Summary(byStatus.getOrDefault("OPEN", 0L), byStatus.getOrDefault("UNDER_REVIEW", 0L), byReason, byOutcome,
                oldestOpenedAt().orElse(null), firstResponse, resolution);
    }

    /** When the oldest dispute still open or under review was opened; empty when there is none. */
    public Optional<Instant> oldestOpenedAt() {
        return jdbc.sql("select min(opened_at) from dispute where status in ('OPEN', 'UNDER_REVIEW')").query(Timestamp.class)
                .optional().map(Timestamp::toInstant);
    }

    /** How many disputes are open or under review. */
    public long openCount() {
        return jdbc.sql("select count(*) from dispute where status in ('OPEN', 'UNDER_REVIEW')").query(Long.class).single();
    }

    private static String json(List<?> value) {
        return value == null ? null : EventJson.write(value);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> T parsed(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : EventJson.mapper().readValue(text, type);
    }

    static Dispute row(ResultSet rs, int n) throws SQLException {
        String proposal = rs.getString("proposal_outcome");
        String outcome = rs.getString("outcome");
        BigDecimal amount = rs.getBigDecimal("disputed_amount");
        BigDecimal proposalAmount = rs.getBigDecimal("proposal_amount");
        return new Dispute(rs.getObject("id", UUID.class), rs.getString("number"), rs.getObject("customer_id", UUID.class),
                rs.getString("customer_name"), rs.getObject("invoice_id", UUID.class), rs.getString("invoice_number"),
                rs.getString("currency"), rs.getBigDecimal("invoice_total"), Reason.valueOf(rs.getString("reason")), amount,
                parsed(rs, "disputed_lines", DISPUTED_LINES), DisputeStatus.valueOf(rs.getString("status")), rs.getString("opened_by"),
                instant(rs, "opened_at"), rs.getString("time_zone"), rs.getString("assignee"), instant(rs, "respond_by"),
                instant(rs, "first_response_at"), instant(rs, "overdue_published_at"), instant(rs, "delivered_at"),
                instant(rs, "objection_deadline"), rs.getBoolean("late_objection"), proposal == null ? null : Outcome.valueOf(proposal),
                proposalAmount, parsed(rs, "proposal_lines", DISPUTED_LINES), parsed(rs, "proposal_corrected_lines", REQUESTED_LINES),
                rs.getString("proposal_resolution"), rs.getString("proposed_by"), instant(rs, "proposed_at"),
                outcome == null ? null : Outcome.valueOf(outcome), rs.getString("resolution"), instant(rs, "resolved_at"),
                rs.getString("approved_by"), rs.getString("withdrawn_reason"));
    }
}
