package dev.billing.invoice.document;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rendered PDFs, one per invoice and kind; written once and never changed, like the documents they are. */
@Repository
public class StoredDocuments {
    private final JdbcClient jdbc;

    public StoredDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<byte[]> find(UUID invoiceId, DocumentKind kind) {
        return jdbc.sql("select content from invoice_document where invoice_id = :id and kind = :kind")
                .param("id", invoiceId).param("kind", kind.name())
                .query((rs, n) -> rs.getBytes("content"))
                .optional();
    }

    /** Stores the document unless one is stored already (another instance may have rendered it); true if stored. */
    public boolean store(UUID invoiceId, DocumentKind kind, byte[] content, Instant renderedAt) {
        return jdbc.sql("""
                        insert into invoice_document (invoice_id, kind, content, rendered_at)
                        values (:id, :kind, :content, :at)
                        on conflict (invoice_id, kind) do nothing""")
                .param("id", invoiceId).param("kind", kind.name()).param("content", content)
                .param("at", Timestamp.from(renderedAt))
                .update() == 1;
    }

    /**
     * Invoices issued (for STORNO: cancelled) since {@code since} that have no stored document of this
     * kind yet, newest first: a fresh invoice's link has just been emailed and is the likeliest to be
     * opened. The time bound keeps each poll to a range of a partial index instead of an anti-join
     * over every invoice ever issued; older ones are rendered when first downloaded.
     */
    public List<UUID> missing(DocumentKind kind, Instant since, int limit) {
        String due = kind == DocumentKind.INVOICE
                ? "i.number is not null and i.issued_at >= :since"
                : "i.storno_number is not null and i.cancelled_at >= :since and i.status = 'CANCELLED'";
        String order = kind == DocumentKind.INVOICE ? "i.issued_at" : "i.cancelled_at";
        return jdbc.sql("select i.id from invoice i where " + due
                        + " and not exists (select 1 from invoice_document d where d.invoice_id = i.id and d.kind = :kind)"
                        + " order by " + order + " desc, i.id limit :limit")
                .param("since", Timestamp.from(since)).param("kind", kind.name()).param("limit", limit)
                .query((rs, n) -> rs.getObject("id", UUID.class))
                .list();
    }

    /** When the invoice was cancelled, the storno document's own date. */
    public Optional<Instant> cancelledAt(UUID invoiceId) {
        return jdbc.sql("select cancelled_at from invoice where id = :id and cancelled_at is not null")
                .param("id", invoiceId)
                .query((rs, n) -> rs.getTimestamp("cancelled_at").toInstant())
                .optional();
    }
}
