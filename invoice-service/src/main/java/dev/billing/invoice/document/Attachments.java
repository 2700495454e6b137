package dev.billing.invoice.document;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Files attached to invoices; the content is read only when one file is downloaded. */
@Repository
public class Attachments {
    private final JdbcClient jdbc;

    public Attachments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Attachment(UUID id, UUID invoiceId, String filename, String contentType, long size, Instant createdAt) {
    }

    public record Content(Attachment attachment, byte[] bytes) {
    }

    public boolean invoiceExists(UUID invoiceId) {
        return jdbc.sql("select count(*) from invoice where id = :id").param("id", invoiceId).query(Long.class).single() > 0;
    }

    public void add(Attachment attachment, byte[] content) {
        jdbc.sql("""
                        insert into invoice_attachment (id, invoice_id, filename, content_type, size, content, created_at)
                        values (:id, :invoiceId, :filename, :contentType, :size, :content, :createdAt)""")
                .param("id", attachment.id()).param("invoiceId", attachment.invoiceId())
                .param("filename", attachment.filename()).param("contentType", attachment.contentType())
                .param("size", attachment.size()).param("content", content)
                .param("createdAt", Timestamp.from(attachment.createdAt()))
                .update();
    }

    public List<Attachment> list(UUID invoiceId) {
        return jdbc.sql("""
                        select id, invoice_id, filename, content_type, size, created_at from invoice_attachment
                        where invoice_id = :invoiceId order by created_at, id""")
                .param("invoiceId", invoiceId)
                .query((rs, n) -> new Attachment(rs.getObject("id", UUID.class), rs.getObject("invoice_id", UUID.class),
                        rs.getString("filename"), rs.getString("content_type"), rs.getLong("size"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    public Optional<Content> find(UUID invoiceId, UUID id) {
        return jdbc.sql("select * from invoice_attachment where invoice_id = :invoiceId and id = :id")
                .param("invoiceId", invoiceId).param("id", id)
                .query((rs, n) -> new Content(new Attachment(rs.getObject("id", UUID.class),
                        rs.getObject("invoice_id", UUID.class), rs.getString("filename"), rs.getString("content_type"),
                        rs.getLong("size"), rs.getTimestamp("created_at").toInstant()), rs.getBytes("content")))
                .optional();
    }
}
