package dev.billing.payment.invoice;

import dev.billing.events.dispute.DisputeOpened;
import dev.billing.events.dispute.DisputeResolved;
import dev.billing.events.dispute.DisputeWithdrawn;
import dev.billing.events.invoice.CreditNoteIssued;
import dev.billing.events.invoice.InvoiceCancelled;
import dev.billing.events.invoice.InvoiceIssued;
import dev.billing.events.invoice.InvoicePaid;
import dev.billing.events.invoice.InvoicePartiallyPaid;
import dev.billing.events.invoice.InvoiceReopened;
import dev.billing.support.events.ReceivedEvent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What payment-service knows of each issued invoice, kept from invoice.events: whose it is, its number and currency,
 * what is open and its status (ISSUED, PARTIALLY_PAID, PAID, CANCELLED). A customer's events come in order (one key),
 * so each one sets what it reports; one about an invoice not seen yet changes nothing.
 */
@Repository
public class InvoiceCopies {
    private final JdbcClient jdbc;

    InvoiceCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code payer*}: the bill-to of its {@code InvoiceIssued} (null for copies from before they were kept). */
    public record InvoiceCopy(UUID invoiceId, UUID customerId, String number, String currency, BigDecimal total,
                              BigDecimal openAmount, String status, LocalDate dueDate, String payerName, String payerEmail, String payerPhone,
                              String timeZone) {
        public boolean open() {
            return (status.equals("ISSUED") || status.equals("PARTIALLY_PAID")) && openAmount.signum() > 0;
        }
    }

    public Optional<InvoiceCopy> find(UUID invoiceId) {
        return jdbc.sql("select * from invoice_copy where invoice_id = :id").param("id", invoiceId).query(InvoiceCopies::map).optional();
    }

    /** The customer's invoices with something to pay, the oldest due first. */
    public List<InvoiceCopy> openOf(UUID customerId) {
        return jdbc.sql("""
                        select * from invoice_copy where customer_id = :customer and status in ('ISSUED', 'PARTIALLY_PAID')
                        and open_amount > 0 order by due_date, number""")
                .param("customer", customerId).query(InvoiceCopies::map).list();
    }

    /** Locks the invoices' copies until the transaction ends (in id order, so that two lockers never wait on each other). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(List<UUID> invoiceIds) {
        jdbc.sql("select invoice_id from invoice_copy where invoice_id = any(:ids) order by invoice_id for update")
                .param("ids", invoiceIds.toArray(new UUID[0])).query(UUID.class).list();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void issued(ReceivedEvent<InvoiceIssued> event) {
        InvoiceIssued invoice = event.payload();
        jdbc.sql("""
                        insert into invoice_copy (invoice_id, customer_id, number, currency, total, open_amount, status, due_date,
                            payer_name, payer_email, payer_phone, time_zone)
                        values (:id, :customer, :number, :currency, :total, :open, 'ISSUED', :due, :name, :email, :phone, :zone)
                        on conflict (invoice_id) do nothing""")
                .param("id", invoice.invoiceId()).param("customer", invoice.customerId()).param("number", invoice.number())
                .param("currency", invoice.currency()).param("total", invoice.total()).param("open", invoice.openAmount())
                .param("due", invoice.dueDate()).param("name", invoice.billTo().name()).param("email", invoice.billTo().email())
                .param("phone", invoice.billTo().phone()).param("zone", invoice.billTo().timeZone())
                .update();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void partiallyPaid(ReceivedEvent<InvoicePartiallyPaid> event) {
        set(event.payload().invoiceId(), event.payload().openAmount(), "PARTIALLY_PAID");
    }

    /** The paid invoices of a batch, in one statement: callbacks pay hundreds a second. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void paid(List<ReceivedEvent<InvoicePaid>> events) {
        set(events.stream().map(event -> event.payload().invoiceId()).toList(), BigDecimal.ZERO, "PAID");
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void reopened(ReceivedEvent<InvoiceReopened> event) {
        set(event.payload().invoiceId(), event.payload().openAmount(), event.payload().status());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void credited(ReceivedEvent<CreditNoteIssued> event) {
        CreditNoteIssued note = event.payload();
        set(note.invoiceId(), note.openAmount(), note.openAmount().signum() == 0 ? "PAID" : null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void cancelled(ReceivedEvent<InvoiceCancelled> event) {
        set(event.payload().invoiceId(), BigDecimal.ZERO, "CANCELLED");
    }

    /** A dispute of the invoice is open: it is not charged automatically until the dispute ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void disputeOpened(ReceivedEvent<DisputeOpened> event) {
        disputed(event.payload().invoiceId(), true);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void disputeResolved(ReceivedEvent<DisputeResolved> event) {
        disputed(event.payload().invoiceId(), false);
    }

    /** The customer withdrew the dispute: the invoice stands as issued and is charged again like after a rejection. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void disputeWithdrawn(ReceivedEvent<DisputeWithdrawn> event) {
        disputed(event.payload().invoiceId(), false);
    }

    public boolean disputed(UUID invoiceId) {
        return jdbc.sql("select disputed from invoice_copy where invoice_id = :id").param("id", invoiceId).query(Boolean.class)
                .optional().orElse(false);
    }

    private void disputed(UUID invoiceId, boolean disputed) {
        jdbc.sql("update invoice_copy set disputed = :disputed where invoice_id = :id").param("disputed", disputed).param("id", invoiceId)
                .update();
    }

    /** The open amount and, unless {@code status} is null, the status. */
    private void set(UUID invoiceId, BigDecimal openAmount, String status) {
        set(List.of(invoiceId), openAmount, status);
    }

    private void set(List<UUID> invoiceIds, BigDecimal openAmount, String status) {
        jdbc.sql("update invoice_copy set open_amount = :open, status = coalesce(cast(:status as text), status) where invoice_id = any(:ids::uuid[])")
                .param("open", openAmount).param("status", status).param("ids", invoiceIds.toArray(UUID[]::new))
                .update();
    }

    private static InvoiceCopy map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new InvoiceCopy(rs.getObject("invoice_id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("number"),
                rs.getString("currency"), rs.getBigDecimal("total"), rs.getBigDecimal("open_amount"), rs.getString("status"),
                rs.getObject("due_date", LocalDate.class), rs.getString("payer_name"), rs.getString("payer_email"), rs.getString("payer_phone"),
                rs.getString("time_zone"));
    }
}
