package dev.billing.notification.document;

import dev.billing.events.invoice.InvoiceDocumentRendered;
import dev.billing.support.events.ReceivedEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The documents that emails attach: invoice-service renders an invoice's PDF after issuing it and sends it in
 * {@code InvoiceDocumentRendered} (a topic of its own, so it may come before or after the {@code InvoiceIssued} that
 * the email announces). An email that attaches a document not received yet is queued to be sent
 * {@code notification.documents.wait} (30 min) later; the document's arrival makes it due at once (unless it was
 * attempted already and waits for its retry). An email whose
 * document never came, or came too large to carry, goes at its time without it: its text links to the document.
 * <p>
 * Both sides lock the invoice (a transaction-scoped advisory lock), so a document that arrives while its email is
 * being written is not missed by either. A document is kept {@link #KEPT} after it arrived; an invoice's own PDF
 * ({@code INVOICE}) is kept while the invoice is open (at most {@link #KEPT_OPEN}) and {@link #KEPT} after it was paid or
 * cancelled ({@link #ended}), since a customer who disputes an open invoice may ask for a copy of it.
 */
@Component
public class Attachments {
    static final Duration KEPT = Duration.ofDays(7);
    static final Duration KEPT_OPEN = Duration.ofDays(400);
    private static final int LOCK_SPACE = 0x0A77AC4;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration wait;

    Attachments(JdbcClient jdbc, Clock clock, @Value("${notification.documents.wait:30m}") Duration wait) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.wait = wait;
    }

    /** A document that an email attaches: the invoice's {@code INVOICE} or {@code STORNO} PDF. */
    public record Wanted(UUID invoiceId, String kind) {
    }

    /** The document an email attaches, with {@code content} null when it did not come (or came without its bytes). */
    public record Document(String filename, byte[] content) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void received(ReceivedEvent<InvoiceDocumentRendered> event) {
        InvoiceDocumentRendered document = event.payload();
        Instant now = clock.instant();
        lock(document.invoiceId());
        jdbc.sql("""
                        insert into invoice_document (invoice_id, kind, filename, content, received_at, kept_until)
                        values (:invoice, :kind, :filename, :content, :now, :keptUntil) on conflict (invoice_id, kind) do nothing""")
                .param("invoice", document.invoiceId()).param("kind", document.kind()).param("filename", document.filename())
                .param("content", document.content()).param("now", Timestamp.from(now))
                .param("keptUntil", Timestamp.from(now.plus("INVOICE".equals(document.kind()) ? KEPT_OPEN : KEPT)))
                .update();
        jdbc.sql("""
                        update notification set next_attempt_at = :now
                        where status = 'PENDING' and next_attempt_at > :now and attempts = 0
                          and id in (select notification_id from message_attachment where invoice_id = :invoice and kind = :kind)""")
                .param("now", Timestamp.from(now)).param("invoice", document.invoiceId()).param("kind", document.kind())
                .update();
        jdbc.sql("delete from invoice_document where kept_until < :now").param("now", Timestamp.from(now)).update();
    }

    /** The invoice was paid or cancelled: its documents are kept {@link #KEPT} more, for the emails that may still attach them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void ended(UUID invoiceId) {
        Instant until = clock.instant().plus(KEPT);
        jdbc.sql("update invoice_document set kept_until = :until where invoice_id = :invoice and kept_until > :until")
                .param("until", Timestamp.from(until)).param("invoice", invoiceId).update();
    }

    /** Whether the document is here (with its bytes) to be attached. */
    public boolean here(Wanted wanted) {
        return jdbc.sql("select count(*) from invoice_document where invoice_id = :invoice and kind = :kind and content is not null")
                .param("invoice", wanted.invoiceId()).param("kind", wanted.kind()).query(Long.class).single() > 0;
    }

    /**
     * When an email that attaches {@code wanted} is to be sent: now if the document is here, else once the wait is over.
     * Holds the invoice's lock until the transaction ends, so {@link #attach} must follow in the same transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Instant sendAt(Wanted wanted) {
        lock(wanted.invoiceId());
        boolean here = jdbc.sql("select count(*) from invoice_document where invoice_id = :invoice and kind = :kind")
                .param("invoice", wanted.invoiceId()).param("kind", wanted.kind()).query(Long.class).single() > 0;
        Instant now = clock.instant();
        return here ? now : now.plus(wait);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void attach(UUID notificationId, Wanted wanted) {
        jdbc.sql("insert into message_attachment (notification_id, invoice_id, kind) values (:id, :invoice, :kind)")
                .param("id", notificationId).param("invoice", wanted.invoiceId()).param("kind", wanted.kind())
                .update();
    }

    /** The document the email attaches, if it attaches one. */
    public Optional<Document> of(UUID notificationId) {
        return jdbc.sql("""
                        select d.filename, d.content from message_attachment a
                        left join invoice_document d on d.invoice_id = a.invoice_id and d.kind = a.kind
                        where a.notification_id = :id""")
                .param("id", notificationId)
                .query((rs, n) -> new Document(rs.getString("filename"), rs.getBytes("content")))
                .optional();
    }

    private void lock(UUID invoiceId) {
        jdbc.sql("select pg_advisory_xact_lock(:space, hashtext(:invoice))").param("space", LOCK_SPACE)
                .param("invoice", invoiceId.toString()).query((rs, n) -> 1).single();
    }
}
